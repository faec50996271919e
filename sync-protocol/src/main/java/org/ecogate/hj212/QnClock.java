package org.ecogate.hj212;

import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Issues QNs (YYYYMMDDhhmmsszzz, local time of the given zone) that are unique and strictly increasing per device:
 * two requests in the same millisecond, or a clock stepped back, get the last QN + 1 ms. Thread-safe.
 * Trap: takes the agent's clock, never the system clock, so that tests and time corrections stay consistent.
 */
public final class QnClock {
    public static final DateTimeFormatter QN = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS");
    private final Clock clock;
    private final ZoneId zone;
    private long last = Long.MIN_VALUE;

    public QnClock(Clock clock, ZoneId zone) {
        this.clock = clock;
        this.zone = zone;
    }

    public synchronized String next() {
        long now = clock.millis();
        last = Math.max(now, last + 1);
        return QN.format(java.time.Instant.ofEpochMilli(last).atZone(zone));
    }
}
