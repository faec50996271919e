package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.util.List;
import java.util.Locale;

/**
 * {@code log:} level of the agent's lines, and an optional size-rotated file besides stderr/the journal.
 * Immutable; {@link #resolve} fills defaults and checks values (naming the field).
 *
 * @param level       error, warn, info (default) or debug
 * @param file        a log file besides stderr (relative to the config file's directory); null: none (the journal keeps stderr)
 * @param maxFileSize rotate the file past this size (default 10MB)
 * @param keep        rotated files kept, {@code file.1} .. {@code file.<keep>} (default 5)
 */
public record LogConfig(String level, String file,
                        @JsonDeserialize(using = BufferConfig.SizeDeserializer.class) Long maxFileSize, Integer keep) {
    public static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");
    public static final LogConfig DEFAULT = new LogConfig(Settings.LOG_LEVEL.defaultValue(), null,
            Settings.LOG_MAX_FILE_SIZE.defaultValue(), Settings.LOG_KEEP.defaultValue());

    static LogConfig resolve(LogConfig raw, java.nio.file.Path baseDir, BufferConfig.Problem problem) throws ConfigException {
        if (raw == null) return DEFAULT;
        String level = raw.level() == null ? "info" : raw.level().toLowerCase(Locale.ROOT);
        if (!LEVELS.contains(level)) throw problem.at("level", "'" + raw.level() + "': expected one of " + String.join(", ", LEVELS));
        long max = raw.maxFileSize() == null ? DEFAULT.maxFileSize() : raw.maxFileSize();
        if (max < Settings.LOG_MAX_FILE_SIZE.min()) {
            throw problem.at("maxFileSize", BufferConfig.formatSize(max) + " is too small (at least " + BufferConfig.formatSize(Settings.LOG_MAX_FILE_SIZE.min()) + ")");
        }
        int keep = raw.keep() == null ? DEFAULT.keep() : raw.keep();
        if (keep < Settings.LOG_KEEP.min() || keep > Settings.LOG_KEEP.max()) {
            throw problem.at("keep", keep + " is out of range " + Settings.LOG_KEEP.rangeText());
        }
        String file = raw.file() == null ? null
                : baseDir == null || java.nio.file.Path.of(raw.file()).isAbsolute() ? raw.file() : baseDir.resolve(raw.file()).toString();
        return new LogConfig(level, file, max, keep);
    }
}
