package org.ecogate.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Issue 15: the {@code hj212:} list of HJ 212 platforms (formerly {@code uplinks:}): defaults, and errors naming file, line and field. */
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
            hj212:
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
        Hj212UplinkConfig u = parse(BASE).hj212().get(0);
        assertThat(u.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(u.retries()).isEqualTo(3);
        assertThat(u.st()).isEqualTo("31");
        assertThat(u.version()).isEqualTo("2017");
        assertThat(u.crc()).isEqualTo("hj212");
        assertThat(u.send()).contains("realtime", "minute", "hour", "status", "runtime");
        assertThat(u.toString()).doesNotContain("123456");
        assertThat(u.acceptTime()).as("a platform may not set the time unless allowed").isFalse();
        assertThat(parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    acceptTime: true\n")).hj212().get(0).acceptTime()).isTrue();
        assertThat(parse(BASE.replace("hj212:\n", "unused:\n").replaceAll("(?s)unused:.*", "")).hj212()).isEmpty();
    }

    @Test
    void errorsNameTheLineAndField() {
        assertThatThrownBy(() -> parse(BASE.replace("fan1.current: e30101", "fan9.current: e30101")))
                .hasMessageStartingWith("site.yaml:").hasMessageContaining("hj212[0].factors: point 'fan9.current' is not defined");
        assertThatThrownBy(() -> parse(BASE.replace("port: 9000", "port: 0")))
                .hasMessageContaining("hj212[0].port: missing or out of range");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    crc: crc32\n")))
                .hasMessageContaining("hj212[0].crc: 'crc32'");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    heartbeat: 30s\n")))
                .hasMessageContaining("2025 only");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    colour: red\n")))
                .hasMessageContaining("hj212[0]: unknown key 'colour'");
    }

    @Test
    void theOldKeyUplinksStillLoadsWithOneWarningNamingTheNewOne() throws Exception {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        AgentConfig old;
        try {
            System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
            old = parse(BASE.replace("hj212:\n", "uplinks:\n"));
        } finally {
            System.setErr(saved);
        }
        assertThat(old.hj212()).isEqualTo(parse(BASE).hj212());
        String[] lines = err.toString(java.nio.charset.StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSize(1);
        assertThat(lines[0]).contains("site.yaml:10: the key 'uplinks:' (HJ 212 platforms) is deprecated: rename it 'hj212:'");
        assertThatThrownBy(() -> parse(BASE.replace("    pw: \"123456\"\n", "    pw: \"123456\"\n    colour: red\n").replace("hj212:\n", "uplinks:\n")))
                .hasMessageContaining("uplinks[0]: unknown key 'colour'");
        assertThatThrownBy(() -> parse(BASE + "uplinks: []\n")).hasMessageContaining("uplinks: both hj212: and its old name uplinks: are set");
    }
}
