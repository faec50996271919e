package org.ecogate.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One typed configuration setting: its key as written in the YAML ({@code devices[].timeout}), a one-line
 * description, its default (null: none, the setting is optional or required), its unit and its bounds (null:
 * unbounded). Immutable. Trap: the loader reads defaults and bounds from here, so a setting is changed in
 * {@link Settings} only, never by a literal in the loader.
 *
 * @param <T> Integer, Long, Double, Boolean, Duration or String
 */
public record Setting<T>(String key, String description, T defaultValue, String unit, T min, T max) {
    public Setting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(description, "description");
    }

    /** The value as written, or the default when absent. */
    public T or(T value) {
        return value != null ? value : defaultValue;
    }

    /** The default as written in a config file ({@code 30s}, {@code 512MB}, {@code 500}), "-" when none. */
    public String defaultText() {
        return text(defaultValue);
    }

    /** The bounds as text ({@code 1..64}, {@code >= 100ms}), "" when unbounded. */
    public String rangeText() {
        if (min == null && max == null) return "";
        if (max == null) return ">= " + text(min);
        if (min == null) return "<= " + text(max);
        return text(min) + ".." + text(max);
    }

    private String text(T v) {
        if (v == null) return "-";
        if (v instanceof Duration d) return Durations.format(d);
        if ("bytes".equals(unit) && v instanceof Number n) return BufferConfig.formatSize(n.longValue());
        return String.valueOf(v);
    }
}
