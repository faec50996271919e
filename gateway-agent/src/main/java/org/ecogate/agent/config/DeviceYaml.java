package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.List;

/**
 * One {@code devices[]} entry exactly as written in the YAML (every transport's keys side by side, null when
 * absent): the binding {@link Devices} validates into a {@link DeviceConfig}. Package-private: nothing outside
 * the loader sees this flat shape. Its component names are the keys an unknown-key error lists.
 */
record DeviceYaml(
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
        List<PointConfig> points,
        String serial,
        Integer baud,
        String parity,
        Integer dataBits,
        Integer stopBits,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration pause,
        Integer offlineAfter,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration probe,
        String uri,
        Boolean observe,
        String payload,
        String pskIdentity,
        String pskKey) {}
