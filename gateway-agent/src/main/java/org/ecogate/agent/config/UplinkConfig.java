package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;

/**
 * MQTT uplink to the platform. {@code password} is never logged.
 */
public record UplinkConfig(
        String broker,
        String clientId,
        Integer batchMaxRecords,
        Integer window,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration ackTimeout,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration drainOnStop,
        String username,
        String password) {

    @Override
    public String toString() {
        return "UplinkConfig[broker=" + broker + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
