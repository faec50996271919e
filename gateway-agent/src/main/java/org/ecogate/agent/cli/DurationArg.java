package org.ecogate.agent.cli;

import org.ecogate.agent.config.Durations;
import picocli.CommandLine;

import java.time.Duration;

/**
 * Every duration option of the CLI, written as in the config ({@code 500ms}, {@code 2s}, {@code 1m}); a bare
 * number is milliseconds, as the options took before. Stateless picocli converter. Trap: picocli reports a failed
 * conversion as "Invalid value for option": the message here is the whole explanation, one line.
 */
final class DurationArg implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String v = value.trim();
        if (v.matches("\\d{1,9}")) return Duration.ofMillis(Long.parseLong(v));
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: write e.g. 500ms, 2s, 1m (a bare number is ms)");
        }
    }

    /** Milliseconds as an int for libraries that take one (clamped to 1..Integer.MAX_VALUE). */
    static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
