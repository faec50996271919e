package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The platform's overlay on the admin's file: section by section precedence, errors naming the right file and line. */
class ConfigOverlayTest {
    private static final String FILE = """
            gateway: gw1
            uplink:
              broker: tcp://127.0.0.1:1883
              insecure: true
            devices:
              - id: fan1
                host: 127.0.0.1
                port: 1502
                points:
                  - {name: current, address: 0, table: holding, type: float32}
            log:
              level: info
            """;

    @TempDir
    Path dir;

    @Test
    void aSectionOfTheOverlayReplacesTheFilesAndTheOthersComeFromTheFile() throws Exception {
        Path file = write("ecogate.yaml", FILE);
        Path overlay = write("ecogate.overlay.yaml", "log:\n  level: debug\n");
        AgentConfig c = ConfigOverlay.load(file, overlay);
        assertThat(c.log().level()).isEqualToIgnoringCase("debug");
        assertThat(c.devices()).extracting(DeviceConfig::id).containsExactly("fan1");
        assertThat(c.source()).isEqualTo(dir.toAbsolutePath());
        assertThat(ConfigOverlay.keys(overlay)).containsExactly("log");

        // the admin edits a section the overlay does not hold: it takes effect; one it holds: the overlay's stays
        Files.writeString(file, FILE.replace("port: 1502", "port: 1503").replace("level: info", "level: warn"));
        c = ConfigOverlay.load(file, overlay);
        assertThat(((Transport.ModbusTcp) c.devices().get(0).transport()).port()).isEqualTo(1503);
        assertThat(c.log().level()).isEqualToIgnoringCase("debug");
        assertThat(ConfigOverlay.load(file, dir.resolve("absent.yaml")).log().level()).isEqualToIgnoringCase("warn");
    }

    @Test
    void onlyTheSectionsAPushChangesAreKept() throws Exception {
        Path file = write("ecogate.yaml", FILE);
        assertThat(ConfigOverlay.differences(file, FILE, "push")).isEmpty();
        String pushed = FILE.replace("port: 1502", "port: 1600");
        assertThat(ConfigOverlay.differences(file, pushed, "push")).startsWith("devices:\n").contains("port: 1600")
                .doesNotContain("gateway:", "log:");
    }

    @Test
    void errorsNameTheOverlayOrTheFileWithTheirOwnLine() throws Exception {
        Path file = write("ecogate.yaml", FILE.replace("  level: info", "  level: loud"));
        Path overlay = write("ecogate.overlay.yaml", "devices:\n  - id: fan1\n    host: 127.0.0.1\n    prot: 1\n");
        assertThatThrownBy(() -> ConfigOverlay.load(file, overlay)).hasMessageStartingWith(overlay + ":4: devices[0]: unknown key 'prot'");
        Files.writeString(overlay, "uplink:\n  broker: tcp://127.0.0.1:1884\n  insecure: true\n");
        assertThatThrownBy(() -> ConfigOverlay.load(file, overlay)).hasMessageStartingWith(file + ":12: log.level");
    }

    @Test
    void theOverlayIsOwnerOnlyAndThePreviousOneIsKept() throws Exception {
        Path overlay = dir.resolve("ecogate.overlay.yaml");
        ConfigOverlay.save(overlay, "log:\n  level: debug\n");
        ConfigOverlay.save(overlay, "log:\n  level: warn\n");
        assertThat(Files.readString(overlay)).contains("warn");
        assertThat(Files.readString(dir.resolve("ecogate.overlay.yaml.prev"))).contains("debug");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(overlay))).isEqualTo("rw-------");
        ConfigOverlay.save(overlay, "");
        assertThat(overlay).doesNotExist();
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }
}
