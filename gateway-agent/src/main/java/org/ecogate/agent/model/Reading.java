package org.ecogate.agent.model;

import java.util.Objects;

/**
 * One acquired value of one point. {@code point} is the global point id "device.point" (e.g. "fan1.freq");
 * {@code ts} is epoch milliseconds from the injected clock; {@code value} is null unless the quality {@link Quality#hasValue has one}.
 */
public record Reading(String point, long ts, Double value, Quality quality) {
    public Reading {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(quality, "quality");
        if (!quality.hasValue()) value = null;
    }

    public static Reading good(String point, long ts, double value) {
        return new Reading(point, ts, value, Quality.GOOD);
    }

    public static Reading missing(String point, long ts, Quality quality) {
        return new Reading(point, ts, null, quality);
    }
}
