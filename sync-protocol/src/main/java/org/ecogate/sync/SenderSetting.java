package org.ecogate.sync;

import java.time.Duration;
import java.util.Objects;

/**
 * One sender setting as the embedder's config shows it: name (the key under the embedder's uplink section), default,
 * unit, bounds (null: unbounded) and a one-line description. Immutable. Trap: {@link SenderConfig.Builder} checks
 * against these bounds, so an embedder (the agent's settings registry) reads them from here and never copies a number.
 *
 * @param <T> Integer, Boolean, Duration or String
 */
public record SenderSetting<T>(String name, T defaultValue, String unit, T min, T max, String description) {
    public SenderSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }

    /** {@code v} when it lies within the bounds, else an IllegalArgumentException naming the setting. */
    @SuppressWarnings("unchecked")
    T check(T v) {
        Objects.requireNonNull(v, name);
        if (v instanceof Comparable<?> c) {
            Comparable<Object> cv = (Comparable<Object>) c;
            if ((min != null && cv.compareTo(min) < 0) || (max != null && cv.compareTo(max) > 0)) {
                throw new IllegalArgumentException(name + " " + text(v) + " is out of range "
                        + (min == null ? "" : text(min)) + ".." + (max == null ? "" : text(max)));
            }
        }
        return v;
    }

    private static String text(Object v) {
        return v instanceof Duration d ? d.toMillis() + " ms" : String.valueOf(v);
    }
}
