package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 16: secrets from the environment (${NAME}) and from files (passwordFile), log and web sections. */
class ConfigSecretsTest {
    private static final String SECRET = "s3cr:et #not-a-comment";

    @TempDir
    Path dir;

    private static String yaml(String uplinkExtra, String tail) {
        return """
                gateway: gw1
                uplink:
                  broker: tcp://${BROKER_HOST}:1883
                  username: gw1
                %s
                devices:
                  - {id: fan1, host: 127.0.0.1, port: 1502, points: [{name: freq, address: 0}]}
                %s
                """.formatted(uplinkExtra, tail);
    }

    @Test
    void environmentValuesAreSubstitutedAsValuesNotYaml() throws Exception {
        AgentConfig c = ConfigLoader.parse("site.yaml", yaml("  password: ${MQTT_PASSWORD}", ""), dir,
                Map.of("BROKER_HOST", "10.0.0.7", "MQTT_PASSWORD", SECRET));
        assertThat(c.uplink().broker()).isEqualTo("tcp://10.0.0.7:1883");
        assertThat(c.uplink().password()).isEqualTo(SECRET);
        assertThat(c.uplink().toString()).doesNotContain(SECRET).contains("password=***");
    }

    @Test
    void passwordFileIsReadRelativeToTheConfig() throws Exception {
        Files.writeString(dir.resolve("mqtt.password"), SECRET + "\n");
        Files.writeString(dir.resolve("web.password"), "pagepass\n");
        AgentConfig c = ConfigLoader.parse("site.yaml", yaml("  passwordFile: mqtt.password", "web: {passwordFile: web.password}"), dir,
                Map.of("BROKER_HOST", "h"));
        assertThat(c.uplink().password()).isEqualTo(SECRET);
        assertThat(c.web().password()).isEqualTo("pagepass");
        assertThat(c.web().toString()).doesNotContain("pagepass");
    }

    @Test
    void errorsNameTheVariableOrFileAndLineNeverTheValue() {
        assertThatThrownBy(() -> ConfigLoader.parse("site.yaml", yaml("  password: ${MQTT_PASSWORD}", ""), dir, Map.of("BROKER_HOST", "h")))
                .hasMessage("site.yaml:5: uplink.password: environment variable MQTT_PASSWORD is not set");
        assertThatThrownBy(() -> ConfigLoader.parse("site.yaml", yaml("  passwordFile: missing.txt", ""), dir, Map.of("BROKER_HOST", "h")))
                .hasMessageStartingWith("site.yaml:5: uplink.passwordFile: cannot read " + dir.resolve("missing.txt"));
        assertThatThrownBy(() -> ConfigLoader.parse("site.yaml", yaml("  password: x\n  passwordFile: p", ""), dir, Map.of("BROKER_HOST", "h")))
                .hasMessageContaining("uplink.passwordFile: set password or passwordFile, not both");
    }

    @Test
    void logAndWebSectionsAreCheckedWithDefaults() throws Exception {
        AgentConfig c = ConfigLoader.parse("site.yaml", yaml("", "log: {level: DEBUG, file: logs/agent.log, maxFileSize: 1MB}"), dir, Map.of("BROKER_HOST", "h"));
        assertThat(c.log().level()).isEqualTo("debug");
        assertThat(c.log().file()).isEqualTo(dir.resolve("logs/agent.log").toString());
        assertThat(c.log().maxFileSize()).isEqualTo(1L << 20);
        assertThat(c.web()).isEqualTo(WebConfig.DEFAULT);
        assertThatThrownBy(() -> ConfigLoader.parse("site.yaml", yaml("", "log: {level: loud}"), dir, Map.of("BROKER_HOST", "h")))
                .hasMessage("site.yaml:8: log.level: 'loud': expected one of error, warn, info, debug, trace");
        assertThatThrownBy(() -> ConfigLoader.parse("site.yaml", yaml("", "web: {bind: 0.0.0.0}"), dir, Map.of("BROKER_HOST", "h")))
                .hasMessageContaining("web.bind: '0.0.0.0' exposes the page beyond this box");
    }
}
