package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 7: a big plant's config (200 devices x 128 points, 1.8 MB of YAML) loads and validates in a child
 * JVM with the launcher's default heap (-Xmx32m). Before issue 12 it ended in OutOfMemoryError (the line index of
 * every field path alone took ~20 MB).
 */
class BigPlantConfigIT {
    @TempDir
    Path dir;

    // issue 12
    @Test
    void twoHundredDevicesOf128PointsValidateUnderTheDefaultHeap() throws Exception {
        StringBuilder y = new StringBuilder("gateway: big\nbuffer: {path: big.db}\nuplink: {broker: \"tcp://127.0.0.1:1\", key: \""
                + "k".repeat(32) + "\"}\ndevices:\n");
        for (int d = 0; d < 200; d++) {
            y.append("  - id: d").append(d).append("\n    host: 127.0.0.1\n    port: ").append(20_000 + d).append("\n    points:\n");
            for (int p = 0; p < 128; p++) {
                y.append("      - {name: p").append(p).append(", address: ").append(p).append(", type: uint16, scale: 0.1, unit: kW}\n");
            }
        }
        Path cfg = dir.resolve("big.yaml");
        Files.writeString(cfg, y);
        Path log = dir.resolve("validate.log");
        Process p = new ProcessBuilder(List.of(Rig.javaBin(), "-Xms8m", "-Xmx32m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "org.ecogate.agent.cli.Main", "config", "validate", cfg.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String out = Files.readString(log);
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ok: gateway big, 200 devices, 25600 points").doesNotContain("OutOfMemoryError");
    }
}
