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

    /**
     * The range of {@code --from}/{@code --to} (absent: from 0, to the end of time) as {fromMs, toMs}; null (after
     * printing a one-line error) when one does not parse or {@code --to} is not after {@code --from}.
     */
    static long[] range(String from, String to) {
        Long fromMs = from == null ? Long.valueOf(0) : parse("--from", from);
        Long toMs = to == null ? Long.valueOf(Long.MAX_VALUE) : parse("--to", to);
        if (fromMs == null || toMs == null) return null;
        if (toMs <= fromMs) {
            System.err.println("error: --to must be after --from");
            return null;
        }
        return new long[] {fromMs, toMs};
    }
}
