package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.List;

/**
 * One polled device. {@code template} names an equipment template whose points are used unless
 * {@code points} overrides them by name.
 */
public record DeviceConfig(
        String id,
        String template,
        String transport,
        String host,
        Integer port,
        Integer unit,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration interval,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration timeout,
        Integer retries,
        Integer maxRegisters,
        Integer maxBits,
        Integer maxGap,
        String order,
        List<PointConfig> points) {
}
