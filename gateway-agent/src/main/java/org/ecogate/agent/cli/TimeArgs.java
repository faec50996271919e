package org.ecogate.agent.cli;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The one parser of time arguments ({@code --since}, {@code --from}, {@code --to}): ISO-8601 with offset or epoch ms. */
final class TimeArgs {
    private TimeArgs() {}

    /** Epoch ms of {@code text}; null (after printing "error: OPTION 'TEXT': ...") when it is neither form. */
    static Long parse(String option, String text) {
        try {
            return text.matches("\\d+") ? Long.parseLong(text) : OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            System.err.println("error: " + option + " '" + text + "': not an ISO-8601 time with offset (2026-11-20T10:00:00+08:00) or epoch ms");
            return null;
        }
    }
}
