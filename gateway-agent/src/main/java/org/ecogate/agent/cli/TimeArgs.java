package org.ecogate.agent.cli;

import org.ecogate.agent.config.Durations;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * The one parser of time arguments ({@code --since}, {@code --from}, {@code --to}): ISO-8601 with offset, epoch ms,
 * or a duration with its unit as in the config ({@code 2h}: two hours ago). Stateless.
 */
final class TimeArgs {
    private TimeArgs() {}

    /** Epoch ms of {@code text}; null (after printing "error: OPTION 'TEXT': ...") when it is neither form. */
    static Long parse(String option, String text) {
        try {
            if (text.matches("\\d+")) return Long.parseLong(text);
            if (text.matches("\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|h|d)\\s*")) return System.currentTimeMillis() - Durations.parse(text).toMillis();
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            System.err.println("error: " + option + " '" + text + "': not an ISO-8601 time with offset (2026-11-20T10:00:00+08:00), "
                    + "epoch ms, or a duration ago (30m, 2h, 1d)");
            return null;
        }
    }
}
