package org.ecogate.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantCommandTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void invalidConfigPrintsErrorAndExits2() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "devices: [{id: f, type: fann}]\n");
        int code = PlantCommand.run(file, print(out), print(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: " + file + ": devices[0].type: unknown");
    }

    @Test
    void printsOneLinePerDeviceAndReturns0WhenInterrupted() throws Exception {
        Path file = dir.resolve("plant.yaml");
        Files.writeString(file, "devices: [{id: fan1, type: fan}, {id: line1, type: meter, unit: 2}]\n");
        AtomicInteger code = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            try {
                code.set(PlantCommand.run(file, print(out), print(err)));
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        long deadline = System.currentTimeMillis() + 5000;
        while (out.toString(StandardCharsets.UTF_8).lines().count() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        t.interrupt();
        t.join(5000);
        assertThat(code.get()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                l -> assertThat(l).matches("plant: fan1 \\(fan\\) on 127\\.0\\.0\\.1:\\d+ unit 1"),
                l -> assertThat(l).matches("plant: line1 \\(meter\\) on 127\\.0\\.0\\.1:\\d+ unit 2"));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
