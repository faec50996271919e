package org.ecogate.agent.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Times as a person reads them on site: "2026-11-20 10:15:00" in the site's offset (JSON keeps ISO with offset). */
final class LocalTimes {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private LocalTimes() {}

    /** An ISO-8601 time with offset, printed without the offset and fraction; unparsable text as it is. */
    static String human(String iso) {
        try {
            return HUMAN.format(OffsetDateTime.parse(iso));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }
}
