package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQLite buffer: where it lives ({@code path}, relative to the config file's directory) and its limits.
 * {@code maxBytes} and {@code maxAge} bound what is kept (oldest raw readings are dropped first, recorded as gaps);
 * {@code keepAcked} is how long readings stay after the platform acknowledged them (0 = delete promptly);
 * {@code keepDocs} how long acknowledged events/summaries/gaps stay; {@code memoryCycles} how many poll cycles are
 * held in memory while the disk refuses writes; {@code commitEvery}, {@code syncEvery}, {@code statusEvery} and
 * {@code stateEvery} how often readings (committed, synced), the status file and the detector's progress reach the disk (flash wear, docs/BUFFER.md). After
 * {@link #resolve} every field is non-null.
 */
public record BufferConfig(
        String path,
        @JsonDeserialize(using = BufferConfig.SizeDeserializer.class) Long maxBytes,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration maxAge,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration keepAcked,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration keepDocs,
        Integer memoryCycles,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration commitEvery,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration syncEvery,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration statusEvery,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration stateEvery) {

    public static final String DEFAULT_PATH = Settings.BUFFER_PATH.defaultValue();
    public static final long DEFAULT_MAX_BYTES = Settings.BUFFER_MAX_BYTES.defaultValue();
    public static final long MIN_MAX_BYTES = Settings.BUFFER_MAX_BYTES.min();
    public static final Duration DEFAULT_MAX_AGE = Settings.BUFFER_MAX_AGE.defaultValue();
    public static final Duration DEFAULT_KEEP_ACKED = Settings.BUFFER_KEEP_ACKED.defaultValue();
    public static final Duration DEFAULT_KEEP_DOCS = Settings.BUFFER_KEEP_DOCS.defaultValue();
    public static final int DEFAULT_MEMORY_CYCLES = Settings.BUFFER_MEMORY_CYCLES.defaultValue();

    private static final Pattern SIZE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(B|KB|MB|GB|TB)?\\s*", Pattern.CASE_INSENSITIVE);

    /** Only the path given; every limit at its default. */
    public BufferConfig(String path) {
        this(path, null, null, null, null, null, null, null, null, null);
    }

    /** The limits only; how often things are written at their defaults. */
    public BufferConfig(String path, Long maxBytes, Duration maxAge, Duration keepAcked, Duration keepDocs, Integer memoryCycles) {
        this(path, maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, null, null, null, null);
    }

    /** Where a setting is out of range: builds the loader's error for {@code buffer.<key>}. */
    @FunctionalInterface
    public interface Problem {
        ConfigException at(String key, String problem);
    }

    /** Fills defaults into the section as written (null when absent) and checks ranges. */
    public static BufferConfig resolve(BufferConfig raw, Problem problem) throws ConfigException {
        BufferConfig r = raw == null ? new BufferConfig(null) : raw;
        long maxBytes = r.maxBytes() == null ? DEFAULT_MAX_BYTES : r.maxBytes();
        if (maxBytes < MIN_MAX_BYTES) {
            throw problem.at("maxBytes", formatSize(maxBytes) + " is too small (at least " + formatSize(MIN_MAX_BYTES) + ")");
        }
        Duration maxAge = r.maxAge() == null ? DEFAULT_MAX_AGE : r.maxAge();
        Duration minAge = Settings.BUFFER_MAX_AGE.min();
        if (maxAge.compareTo(minAge) < 0) throw problem.at("maxAge", Durations.format(maxAge) + " is too short (at least " + Durations.format(minAge) + ")");
        Duration keepAcked = r.keepAcked() == null ? DEFAULT_KEEP_ACKED : r.keepAcked();
        if (keepAcked.compareTo(maxAge) > 0) {
            throw problem.at("keepAcked", Durations.format(keepAcked) + " is longer than maxAge " + Durations.format(maxAge));
        }
        Duration keepDocs = r.keepDocs() == null ? DEFAULT_KEEP_DOCS : r.keepDocs();
        int memoryCycles = r.memoryCycles() == null ? DEFAULT_MEMORY_CYCLES : r.memoryCycles();
        Setting<Integer> mc = Settings.BUFFER_MEMORY_CYCLES;
        if (memoryCycles < mc.min() || memoryCycles > mc.max()) throw problem.at("memoryCycles", memoryCycles + " is out of range " + mc.min() + ".." + mc.max());
        Duration commitEvery = within(Settings.BUFFER_COMMIT_EVERY, r.commitEvery(), "commitEvery", problem);
        Duration syncEvery = within(Settings.BUFFER_SYNC_EVERY, r.syncEvery(), "syncEvery", problem);
        Duration statusEvery = within(Settings.BUFFER_STATUS_EVERY, r.statusEvery(), "statusEvery", problem);
        Duration stateEvery = within(Settings.BUFFER_STATE_EVERY, r.stateEvery(), "stateEvery", problem);
        return new BufferConfig(r.path() == null ? DEFAULT_PATH : r.path(), maxBytes, maxAge, keepAcked, keepDocs, memoryCycles,
                commitEvery, syncEvery, statusEvery, stateEvery);
    }

    private static Duration within(Setting<Duration> s, Duration given, String key, Problem problem) throws ConfigException {
        Duration d = s.or(given);
        if (d.compareTo(s.min()) < 0 || d.compareTo(s.max()) > 0) throw problem.at(key, Durations.format(d) + " is out of range " + s.rangeText());
        return d;
    }

    /** Parses {@code 1048576}, {@code 512KB}, {@code 64MB}, {@code 1.5GB} (binary multiples: 1KB = 1024 bytes). */
    public static long parseSize(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text);
        if (!m.matches()) throw new IllegalArgumentException("'" + text + "' is not a size; write e.g. 64MB, 512MB, 1GB");
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long mult = switch (unit) {
            case "KB" -> 1L << 10;
            case "MB" -> 1L << 20;
            case "GB" -> 1L << 30;
            case "TB" -> 1L << 40;
            default -> 1;
        };
        return Math.round(Double.parseDouble(m.group(1)) * mult);
    }

    public static String formatSize(long bytes) {
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int i = 0;
        double v = bytes;
        while (v >= 1024 && i < units.length - 1 && (long) v % 1024 == 0) {
            v /= 1024;
            i++;
        }
        return (long) v + units[i];
    }

    /** Jackson binding for size fields: a size text ({@code 64MB}) or a plain number of bytes. */
    public static final class SizeDeserializer extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) return p.getLongValue();
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), "a size such as 64MB or 1GB");
            }
            try {
                return parseSize(p.getText());
            } catch (IllegalArgumentException e) {
                return (Long) ctxt.handleWeirdStringValue(Long.class, p.getText(), e.getMessage());
            }
        }
    }
}
