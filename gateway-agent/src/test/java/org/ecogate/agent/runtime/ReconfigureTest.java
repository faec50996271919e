package org.ecogate.agent.runtime;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new config may change live (devices, detection, HJ 212 platforms, log, page) and what needs a restart. */
class ReconfigureTest {
    private static final String BASE = """
            gateway: gw1
            buffer: {path: data/agent.db}
            uplink:
              broker: tcp://127.0.0.1:1883
              insecure: true
            devices:
              - id: fan1
                host: 127.0.0.1
                port: 1502
                points:
                  - {name: current, address: 0, table: holding, type: float32}
            """;

    private static AgentConfig parse(String yaml) throws Exception {
        return ConfigLoader.parse("site.yaml", yaml, Path.of("/tmp"));
    }

    @Test
    void devicesLogAndPageApplyLiveGatewayBufferAndTheSyncUplinkNeedARestart() throws Exception {
        AgentConfig cfg = parse(BASE);
        assertThat(Reconfigure.needsRestart(cfg, parse(BASE.replace("port: 1502", "port: 1503")
                + "log: {level: debug}\nweb: {port: 0}\n"))).isEmpty();
        // the gateway id also names the MQTT client (ecogate-<gateway>) when the uplink sets none
        assertThat(Reconfigure.needsRestart(cfg, parse(BASE.replace("gateway: gw1", "gateway: gw2")))).containsExactly("gateway", "uplink");
        assertThat(Reconfigure.needsRestart(cfg, parse(BASE.replace("data/agent.db", "data/other.db")))).containsExactly("buffer");
        assertThat(Reconfigure.needsRestart(cfg, parse(BASE.replace(":1883", ":1884")))).containsExactly("uplink");
        assertThat(Reconfigure.needsRestart(cfg, ConfigLoader.parse("site.yaml", BASE, Path.of("/elsewhere")))).containsExactly("buffer");
    }
}
