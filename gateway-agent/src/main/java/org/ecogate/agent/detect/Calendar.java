package org.ecogate.agent.detect;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** Window boundaries (minute, hour, day) in the configured time zone. Stateless. */
final class Calendar {
    private Calendar() {}

    static long start(ChronoUnit unit, long t, ZoneId zone) {
        return Instant.ofEpochMilli(t).atZone(zone).truncatedTo(unit).toInstant().toEpochMilli();
    }

    static long next(ChronoUnit unit, long windowStart, ZoneId zone) {
        ZonedDateTime z = Instant.ofEpochMilli(windowStart).atZone(zone);
        return z.plus(1, unit).truncatedTo(unit).toInstant().toEpochMilli();
    }
}
