package org.ecogate.agent.config;

import java.nio.file.Path;
import java.util.List;

/**
 * The agent's whole configuration as loaded from YAML by {@link ConfigLoader}. Immutable; defaults are
 * filled in by the loader, so every field here is non-null unless documented.
 *
 * @param detection equipment states, facilities, warnings and summaries ({@code DetectionConfig.EMPTY} when absent)
 * @param source the file it came from (relative paths inside the config resolve against its directory)
 * @param log    log level and optional rotated file
 * @param web    the local page, values API and /metrics
 * @param uplinks HJ 212 platforms beside the MQTT uplink (empty when none)
 */
public record AgentConfig(
        String gateway,
        BufferConfig buffer,
        UplinkConfig uplink,
        List<DeviceConfig> devices,
        org.ecogate.agent.config.DetectionConfig detection,
        Path source,
        List<Hj212UplinkConfig> uplinks,
        LogConfig log,
        WebConfig web) {
    /** Without HJ 212 uplinks, default log and web. */
    public AgentConfig(String gateway, BufferConfig buffer, UplinkConfig uplink, List<DeviceConfig> devices,
                       org.ecogate.agent.config.DetectionConfig detection, Path source) {
        this(gateway, buffer, uplink, devices, detection, source, List.of(), LogConfig.DEFAULT, WebConfig.DEFAULT);
    }
}
