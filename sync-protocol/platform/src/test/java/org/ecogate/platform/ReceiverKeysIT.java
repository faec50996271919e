package org.ecogate.platform;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24 / 23: {@code ecogate-receiver --keys DIR} starts on an empty directory, serves the gateways whose files
 * are good while a bad file is named on {@code /health}, picks up a new file within {@code --key-rescan}, and never
 * prints a key: its whole output (start, rescans, health, metrics) is grepped for every key written.
 */
class ReceiverKeysIT {
    @TempDir
    Path dir;

    static final String GOOD = "9f2c4e1a7b3d5f60718293a4c5d6e7f8";
    static final String LATER = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    static final String SHORT = "s3cr3t-sh0rt";

    @Test
    void anEmptyDirectoryStartsABadFileIsNamedOnHealthANewFileIsPickedUpAndNoKeyIsEverPrinted() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path log = dir.resolve("rx.log");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start();
             ReceiverProcess rx = new ReceiverProcess(log, "--broker", broker.url(), "--db", pg.url(), "--keys", keys.toString(),
                     "--client-id", "rx-keys", "--http-port", "0", "--key-rescan", "1")) {
            rx.start(); // an empty directory is not fatal
            Files.writeString(keys.resolve("gw1.key"), GOOD + "\n");
            Files.writeString(keys.resolve("zz-bad.key"), SHORT + "\n");
            Await.until("bad file on /health", Duration.ofSeconds(20), () -> health(rx).contains("zz-bad.key"));
            String h = health(rx);
            assertThat(h).startsWith("200 degraded").contains(keys.resolve("zz-bad.key") + ": the key has 12 bytes, at least 16 needed");
            Files.writeString(keys.resolve("gw2.key"), LATER + "\n");
            Files.delete(keys.resolve("zz-bad.key"));
            Await.until("healthy again", Duration.ofSeconds(20), () -> health(rx).startsWith("200 ok"));
            String out = Files.readString(log) + h + ReceiverServiceIT.get(rx.metricsPort(), "/metrics");
            assertThat(out).contains("keys:").contains("2 gateways").doesNotContain(GOOD).doesNotContain(LATER).doesNotContain(SHORT);
        }
    }

    private static String health(ReceiverProcess rx) {
        try {
            return ReceiverServiceIT.get(rx.metricsPort(), "/health");
        } catch (Exception e) {
            return "";
        }
    }
}
