package org.ecogate.platform;

import org.ecogate.sim.load.SimGateway;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding example compiles against the module's class path and stores a gateway's records in PostgreSQL. */
class EmbeddingExampleIT {
    @TempDir
    Path dir;

    static String example() throws Exception {
        return example("## Embedding");
    }

    static String example(String section) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf(section);
        assertThat(at).as("README section " + section).isNotNegative();
        int from = readme.indexOf("```java", at);
        return readme.substring(from + "```java".length(), readme.indexOf("```", from + 7));
    }

    @Test
    void theReadmeFullServiceExampleCompiles() throws Exception {
        Files.writeString(dir.resolve("Service.java"), example("## Embedding the full service"));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, err, "-d", dir.toString(), "-Xlint:all", "-Werror",
                "-classpath", System.getProperty("java.class.path"), dir.resolve("Service.java").toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void theReadmeExampleCompilesAndReceives() throws Exception {
        String src = example();
        assertThat(src.lines().count()).as("example length").isLessThanOrEqualTo(25);
        Files.writeString(dir.resolve("Embed.java"), src);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, "-d", dir.toString(), "-classpath", System.getProperty("java.class.path"), dir.resolve("Embed.java").toString());
        assertThat(rc).as(err.toString(StandardCharsets.UTF_8)).isZero();
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start();
             URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    cl.loadClass("Embed").getMethod("main", String[].class).invoke(null, (Object) new String[] {broker.url(), pg.url(), "100"});
                } catch (Throwable e) {
                    failed.set(e);
                }
            });
            t.start();
            SimGateway gw = new SimGateway("plant-a-gw1", 1, "9f2c4e1a7b3d5f60718293a4".getBytes(StandardCharsets.UTF_8), 10, 1);
            for (int i = 0; i < 10; i++) gw.tick(System.currentTimeMillis() - (10 - i) * 1000L, 0);
            Thread.sleep(1500); // the example connects and subscribes
            SenderConfig cfg = SenderConfig.builder(broker.url(), "plant-a-gw1").clientId("plant-a-gw1").streams(SimGateway.READINGS)
                    .ackTimeout(Duration.ofSeconds(2)).reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).key(gw.key()).build();
            try (SyncSender tx = new SyncSender(cfg, gw)) {
                tx.start();
                t.join(30_000);
            }
            assertThat(failed.get()).isNull();
            assertThat(t.isAlive()).as("example still waiting for 100 records").isFalse();
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_reading WHERE gateway='plant-a-gw1'")).isEqualTo(100);
        }
    }
}
