package org.ecogate.platform;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sim.load.LoadGenerator;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.KeyDirectory;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttConnectOptions;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: while 20 gateways deliver live, an attacker publishes oversized (10 MB on a 1 MiB limit), truncated,
 * forged, replayed, foreign-topic and unknown-gateway messages. The receiver stays connected (0 disconnects), stores
 * nothing of them, counts every kind by reason, and every gateway's records arrive exactly once.
 */
class HostileInputIT {
    @TempDir
    Path dir;

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    static byte[] batch(String gw, long prev, long to, byte[] key) {
        List<SyncRecord> rs = new ArrayList<>();
        for (long s = prev + 1; s <= to; s++) rs.add(new SyncRecord(s, "fan1.freq", 1_764_000_000_000L + s * 1000, 49.5, "good"));
        return SyncCodec.encode(Batch.of(gw, 1, "readings", prev, rs), Encoding.COMPACT, key);
    }

    @Test
    void hostileInputDuringALiveLoadCostsNoDisconnectNoStoredByteAndIsCountedByKind() throws Exception {
        Path keys = dir.resolve("keys");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start();
             LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(broker.url(), 20, 10, 600, 0, "it", keys, 11))) {
            Files.writeString(keys.resolve("gw-h.key"), new String(KEY, StandardCharsets.UTF_8) + "\n");
            ReceiverConfig rc = ReceiverConfig.builder(broker.url()).clientId("rx-hostile").keys(new KeyDirectory(keys)).workers(2)
                    .shareGroup("ecogate").maxMessageBytes(1024 * 1024).build();
            try (ReceiverService rx = ReceiverService.start(new ReceiverService.Options(rc, pg.url(), 0))) {
                Await.until("connected", Duration.ofSeconds(10), rx::connected);
                load.start();
                MqttClient c = new MqttClient(broker.url(), "attacker");
                c.connect(new MqttConnectOptions());
                String topic = Topics.batch("gw-h", "readings");
                byte[] genuine = batch("gw-h", 0, 5, KEY);
                publish(c, topic, genuine);
                Await.until("genuine stored", Duration.ofSeconds(10),
                        () -> Sql.scalarQuietly(pg, "SELECT count(*) FROM ecogate_reading WHERE gateway='gw-h'") == 5);
                byte[] huge = new byte[10 * 1024 * 1024];
                new Random(1).nextBytes(huge);
                for (int i = 0; i < 3; i++) {
                    publish(c, org.ecogate.sync.internal.codec.ProtocolV2.INSTANCE.batchTopic("it-00001", "readings"), huge);                // oversized, v2 topic
                    publish(c, topic, huge);                                                  // oversized, v1 topic
                }
                publish(c, topic, Arrays.copyOf(batch("gw-h", 5, 9, KEY), 40));              // truncated
                publish(c, topic, batch("gw-h", 5, 9, "another-key-another-key-00000000".getBytes(StandardCharsets.UTF_8))); // forged
                publish(c, topic, genuine);                                                   // replayed
                publish(c, "ecogate/v1/gw.h/batch/readings", batch("gw-h", 5, 9, KEY));      // foreign topic (not a gateway id)
                publish(c, Topics.batch("it-00002", "readings"), batch("gw-h", 5, 9, KEY));   // another gateway's topic
                publish(c, Topics.batch("gw-x", "readings"), batch("gw-x", 0, 9, KEY));      // unknown gateway
                Await.until("every kind counted", Duration.ofSeconds(30), () -> rx.stats().rejected() >= 11);
                Thread.sleep(3_000); // live load goes on after the attack
                load.stopProducing();
                Await.until("every record acknowledged", Duration.ofSeconds(90), () -> load.backlog() == 0);
                c.disconnect(1000);
                c.close();
                String m = ReceiverServiceIT.get(rx.httpPort(), "/metrics");
                System.out.println("hostile input: " + m.lines().filter(l -> l.startsWith("ecogate_receiver_rejects_total{")
                        || l.startsWith("ecogate_receiver_disconnects_total") || l.startsWith("ecogate_receiver_records_")).toList());
                assertThat(m).contains("ecogate_receiver_disconnects_total 0", "ecogate_receiver_rejects_total{code=\"oversize\"} 6",
                        "ecogate_receiver_rejects_total{code=\"malformed\"} 1", "ecogate_receiver_rejects_total{code=\"bad_topic\"} 1",
                        "ecogate_receiver_rejects_total{code=\"unknown_gateway\"} 1");
                // forged and foreign-topic: both fail the MAC of the gateway whose topic they came on
                assertThat(rx.stats().rejectedByReason().get("bad_mac")).isEqualTo(2);
                assertThat(rx.stats().recordsDuplicate()).as("the replay re-acked, not stored").isGreaterThanOrEqualTo(5);
                long produced = load.produced();
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_reading WHERE gateway='gw-h'")).isEqualTo(5);
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_reading WHERE gateway NOT LIKE 'it-%' AND gateway <> 'gw-h'")).isZero();
                assertThat(Sql.scalar(pg, "SELECT (SELECT count(*) FROM ecogate_reading WHERE gateway LIKE 'it-%') "
                        + "+ (SELECT count(*) FROM ecogate_document WHERE gateway LIKE 'it-%')")).isEqualTo(produced);
                assertThat(Sql.scalar(pg, "SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq FROM ecogate_reading "
                        + "WHERE gateway LIKE 'it-%') d") + Sql.scalar(pg, "SELECT count(*) FROM ecogate_document WHERE gateway LIKE 'it-%'"))
                        .isEqualTo(produced);
                System.out.printf("hostile input: produced %,d = stored = distinct; receiver disconnects %d%n", produced, rx.disconnects());
            }
        }
    }

    private static void publish(MqttClient c, String topic, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        c.publish(topic, m);
    }
}
