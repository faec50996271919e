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
 * @param hj212  HJ 212 platforms beside the ecogate sync {@code uplink} (config key {@code hj212:}; empty when none)
 */
public record AgentConfig(
        String gateway,
        BufferConfig buffer,
        UplinkConfig uplink,
        List<DeviceConfig> devices,
        org.ecogate.agent.config.DetectionConfig detection,
        Path source,
        List<Hj212UplinkConfig> hj212,
        LogConfig log,
        WebConfig web) {
    /** Without HJ 212 uplinks, default log and web. */
    public AgentConfig(String gateway, BufferConfig buffer, UplinkConfig uplink, List<DeviceConfig> devices,
                       org.ecogate.agent.config.DetectionConfig detection, Path source) {
        this(gateway, buffer, uplink, devices, detection, source, List.of(), LogConfig.DEFAULT, WebConfig.DEFAULT);
    }

    /** @deprecated the HJ 212 platforms are {@link #hj212()} (config key {@code hj212:}, formerly {@code uplinks:}). */
    @Deprecated
    public List<Hj212UplinkConfig> uplinks() {
        return hj212;
    }
}
