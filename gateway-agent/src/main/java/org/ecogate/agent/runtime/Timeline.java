package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What time does without readings, once a second: the detector's tick (offline detection, debounce expiry, closing
 * summary windows) and wall-clock steps, each recorded as a {@code clock_step} event. Thread-safe. Trap: a step is
 * never elapsed time: timers run on the monotonic agent timeline, only the wall stamps move.
 */
final class Timeline {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's

    private final ClockService clock;
    private final Buffer buffer;
    private final Detection detection;
    private final Uplinks uplinks;
    private final AtomicLong clockSteps = new AtomicLong();

    Timeline(ClockService clock, Buffer buffer, Detection detection, Uplinks uplinks) {
        this.clock = clock;
        this.buffer = buffer;
        this.detection = detection;
        this.uplinks = uplinks;
    }

    /** A wall-clock step is recorded as a clock_step event (synced to the platform like every event) and logged. */
    void checkClock() {
        try {
            for (ClockService.Step step : clock.check()) {
                recordStep(step, null);
            }
        } catch (RuntimeException e) {
            log.error("clock check failed: {}", e.toString());
        }
    }

    /** Logs and buffers one step; {@code source} null for the system clock, else who set the time (a 1012). */
    void recordStep(ClockService.Step step, String source) {
        clockSteps.incrementAndGet();
        log.warn("clock_step: the wall clock jumped {} ms, from {} to {}{}; timers, durations and retention ages "
                + "are unaffected (monotonic)", step.sizeMs(), java.time.Instant.ofEpochMilli(step.from()),
                java.time.Instant.ofEpochMilli(step.to()), source == null ? "" : " (set by " + source + ")");
        try {
            buffer.appendCycle(List.of(), List.of(ClockSteps.doc(step, clock.trusted(), source)), null);
            uplinks.sync().wakeUp();
        } catch (Exception e) {
            log.error("clock step not buffered: {}", e.toString());
        }
    }

    /** Time passes without readings: offline detection, debounce expiry, closing summary windows. */
    void tick() {
        try {
            if (!detection.tick(buffer)) return;
            for (Uplink u : uplinks.all()) u.wakeUp();
        } catch (Exception e) {
            log.error("detector tick not buffered: {}", e.toString());
        }
    }

    long clockSteps() {
        return clockSteps.get();
    }
}
