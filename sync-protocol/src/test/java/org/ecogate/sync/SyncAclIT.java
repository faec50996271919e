package org.ecogate.sync;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.ProtocolV2;
import org.ecogate.sync.internal.codec.Topics;

import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttConnectOptions;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mosquitto ACL that README.md shows, taken from the README itself and loaded into a real broker: a gateway
 * can publish under its own id only; the platform reads every gateway.
 */
class SyncAclIT {
    @TempDir
    Path dir;

    private static String aclFromReadme() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("# /etc/mosquitto/acl");
        int end = readme.indexOf("```", start);
        assertThat(start).as("README.md shows the ACL").isPositive();
        return readme.substring(start, end);
    }

    private void passwd(Path file, String user, String pw, boolean create) throws Exception {
        Process p = new ProcessBuilder(create ? List.of("mosquitto_passwd", "-c", "-b", file.toString(), user, pw)
                : List.of("mosquitto_passwd", "-b", file.toString(), user, pw)).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void aGatewayCanPublishOnlyUnderItsOwnIdAndThePlatformReadsAll() throws Exception {
        Path pw = dir.resolve("passwd");
        passwd(pw, "gw1", "pw1", true);
        passwd(pw, "gw2", "pw2", false);
        passwd(pw, "platform", "pwp", false);
        Path acl = dir.resolve("acl");
        Files.writeString(acl, aclFromReadme());
        for (Path p : List.of(pw, acl)) p.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        try (MosquittoProcess broker = MosquittoProcess.start("password_file " + pw + "\nacl_file " + acl + "\nallow_anonymous false\n")) {
            MemorySink sink = new MemorySink();
            MemorySource src = new MemorySource();
            SenderConfig cfg = SenderConfig.builder(broker.url(), "gw1").clientId("gw1").epoch(7).streams("readings").batchMaxRecords(50)
                    .window(2).ackTimeout(Duration.ofSeconds(2)).reconnect(Duration.ofMillis(50), Duration.ofMillis(500))
                    .credentials("gw1", "pw1").build();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.builder(broker.url()).clientId("platform").credentials("platform", "pwp").build(), sink);
                 SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                tx.start();
                for (int i = 0; i < 30; i++) src.append("fan1.freq", i);
                tx.wakeUp();
                Await.until("gw1 acked through its own topics", Duration.ofSeconds(10), () -> src.acked == 30);

                // gw2, logged in as itself, tries to write into gw1's stream: the broker drops it
                MqttClient intruder = new MqttClient(broker.url(), "gw2");
                MqttConnectOptions o = new MqttConnectOptions();
                o.setUserName("gw2");
                o.setPassword("pw2".toCharArray());
                intruder.connect(o);
                Batch forged = Batch.of("gw1", 7, "readings", 30, List.of(new SyncRecord(31, "fan1.freq", 1, 666.0, "good")));
                intruder.publish(Topics.batch("gw1", "readings"), new MqttMessage(SyncCodec.encode(forged)));
                intruder.publish(ProtocolV2.INSTANCE.batchTopic("gw1", "readings"), new MqttMessage(
                        org.ecogate.sync.internal.codec.CodecV2.encode(forged, new org.ecogate.sync.internal.codec.SenderDictionary(7), null).payload()));
                // ...while its own topic is allowed
                Batch own = Batch.of("gw2", 1, "readings", 0, List.of(new SyncRecord(1, "fan1.freq", 1, 1.0, "good")));
                intruder.publish(Topics.batch("gw2", "readings"), new MqttMessage(SyncCodec.encode(own)));
                Await.until("gw2's own batch stored", Duration.ofSeconds(5), () -> sink.snapshot().size() == 31);
                Thread.sleep(500);
                // unsigned and following gw1's watermark, the forged batch would have been stored had the broker let it through
                assertThat(sink.snapshot()).hasSize(31).noneMatch(r -> r.value() == 666.0);
                intruder.disconnect(500);
            }
        }
    }
}
