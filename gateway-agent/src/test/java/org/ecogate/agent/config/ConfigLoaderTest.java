package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final String GOOD = """
            gateway: gw1
            uplink:
              broker: tcp://127.0.0.1:1883
            devices:
              - id: fan1
                host: 127.0.0.1
                port: 1502
                interval: 500ms
                points:
                  - {name: freq, address: 0, table: holding, type: float32}
            """;

    private static AgentConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("site.yaml", yaml, Path.of("/tmp"));
    }

    @Test
    void loadsAndFillsDefaults() throws Exception {
        AgentConfig c = parse(GOOD);
        assertThat(c.gateway()).isEqualTo("gw1");
        assertThat(c.uplink().clientId()).isEqualTo("ecogate-gw1");
        assertThat(c.uplink().window()).isEqualTo(4);
        assertThat(c.devices().get(0).interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.devices().get(0).unit()).isEqualTo(1);
        assertThat(c.devices().get(0).timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.buffer().path()).isEqualTo("ecogate.db");
    }

    @Test
    void unknownKeyNamesFileLineAndField() {
        String bad = GOOD.replace("    port: 1502\n", "    port: 1502\n    prot: 1\n");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml:8: devices[0]: unknown key 'prot'")
                .hasMessageContaining("known keys:");
    }

    @Test
    void wrongTypeNamesLineAndField() {
        String bad = GOOD.replace("port: 1502", "port: fivehundred");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml:7: devices[0].port: wrong value 'fivehundred'");
    }

    @Test
    void badDurationIsExplained() {
        String bad = GOOD.replace("interval: 500ms", "interval: 500");
        assertThatThrownBy(() -> parse(bad)).hasMessageStartingWith("site.yaml:8: devices[0].interval:")
                .hasMessageContaining("duration");
    }

    @Test
    void missingFieldNamesItsPlace() {
        String bad = GOOD.replace("    host: 127.0.0.1\n", "");
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("site.yaml:5: devices[0].host: missing");
        String noBroker = GOOD.replace("  broker: tcp://127.0.0.1:1883\n", "  window: 2\n");
        assertThatThrownBy(() -> parse(noBroker)).hasMessageStartingWith("site.yaml:2: uplink.broker: missing");
    }

    @Test
    void outOfRangeAndDuplicates() {
        assertThatThrownBy(() -> parse(GOOD.replace("port: 1502", "port: 70000")))
                .hasMessageStartingWith("site.yaml:7: devices[0].port: 70000 is out of range 1..65535");
        String dup = GOOD + """
                  - id: fan1
                    host: 127.0.0.2
                    points: [{name: x, address: 1}]
                """;
        assertThatThrownBy(() -> parse(dup)).hasMessageStartingWith("site.yaml:11: devices[1].id: duplicate device id 'fan1'");
    }

    @Test
    void syntaxErrorHasALine() {
        assertThatThrownBy(() -> parse("gateway: gw1\nuplink: [\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void passwordNeverInToString() throws Exception {
        AgentConfig c = parse(GOOD.replace("  broker: tcp://127.0.0.1:1883\n",
                "  broker: tcp://127.0.0.1:1883\n  username: u\n  password: s3cret\n"));
        assertThat(c.uplink().toString()).doesNotContain("s3cret").contains("***");
    }
}
