package org.ecogate.agent.runtime;

import org.ecogate.agent.uplink.hj212.SiteTime;

import java.time.Instant;
import java.util.function.BiConsumer;

/**
 * An HJ 212 platform's 1012 "set the site's time", applied through the {@link ClockService} (a correction of the
 * wall time, never the system clock) and recorded as a {@code clock_step} naming the platform. Thread-safe. Trap:
 * refused with the reason unless the uplink has {@code acceptTime: true}; the correction is not saved, so a restart
 * starts from the system clock again.
 */
final class PlatformTime implements SiteTime {
    private final ClockService clock;
    private final String uplink;
    private final boolean accept;
    private final BiConsumer<ClockService.Step, String> record;

    /** {@code record} buffers the step as a clock_step event with the given source and wakes the ecogate sync. */
    PlatformTime(ClockService clock, String uplink, boolean accept, BiConsumer<ClockService.Step, String> record) {
        this.clock = clock;
        this.uplink = uplink;
        this.accept = accept;
        this.record = record;
    }

    @Override
    public String set(Instant platformTime) {
        if (!accept) {
            return "hj212[].acceptTime is false for uplink " + uplink + " (set it to true to let this platform set the time)";
        }
        ClockService.Step step;
        try {
            step = clock.setWall(platformTime.toEpochMilli());
        } catch (IllegalArgumentException before) {
            return before.getMessage();
        }
        record.accept(step, "hj212 platform " + uplink);
        return null;
    }
}
