package org.ecogate.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 15: the {@code uplinks:} list of HJ 212 platforms: defaults, and errors naming file, line and field. */
class Hj212UplinkConfigTest {
    private static final String BASE = """
            gateway: gw1
            uplink:
              broker: tcp://127.0.0.1:1883
            devices:
              - id: fan1
                host: 127.0.0.1
                port: 1502
                points:
                  - {name: current, address: 0, table: holding, type: float32}
            uplinks:
              - name: province
                host: 10.0.0.9
                port: 9000
                mn: "010000A8900016F000169DC0"
                pw: "123456"
                factors: {fan1.current: e30101}
            """;

    private static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("site.yaml", yaml, Path.of("/tmp"));
    }

    @Test
    void defaultsAreTheStandardsTable() throws Exception {
        Hj212UplinkConfig u = parse(BASE).uplinks().get(0);
        assertThat(u.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(u.retries()).isEqualTo(3);
        assertThat(u.st()).isEqualTo("31");
        assertThat(u.version()).isEqualTo("2017");
        assertThat(u.crc()).isEqualTo("hj212");
        assertThat(u.send()).contains("realtime", "minute", "hour", "status", "runtime");
        assertThat(u.toString()).doesNotContain("123456");
        assertThat(parse(BASE.replace("uplinks:\n", "unused:\n").replaceAll("(?s)unused:.*", "")).uplinks()).isEmpty();
    }

    @Test
    void errorsNameTheLineAndField() {
        assertThatThrownBy(() -> parse(BASE.replace("fan1.current: e30101", "fan9.current: e30101")))
                .hasMessageStartingWith("site.yaml:").hasMessageContaining("uplinks[0].factors: point 'fan9.current' is not defined");
        assertThatThrownBy(() -> parse(BASE.replace("port: 9000", "port: 0")))
                .hasMessageContaining("uplinks[0].port: missing or out of range");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    crc: crc32\n")))
                .hasMessageContaining("uplinks[0].crc: 'crc32'");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    heartbeat: 30s\n")))
                .hasMessageContaining("2025 only");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    colour: red\n")))
                .hasMessageContaining("uplinks[0]: unknown key 'colour'");
    }
}
