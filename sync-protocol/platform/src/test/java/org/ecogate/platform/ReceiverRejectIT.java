package org.ecogate.platform;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.SyncRecord;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A forged, altered, unsigned, unknown-gateway or replayed batch at the receiver service stores nothing and is counted by reason. */
class ReceiverRejectIT {
    @TempDir
    Path dir;

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    static byte[] batch(long epoch, long prev, long from, long to, byte[] key) {
        List<SyncRecord> rs = new ArrayList<>();
        for (long s = from; s <= to; s++) rs.add(new SyncRecord(s, "fan1.freq", 1_764_000_000_000L + s * 1000, 49.5, "good"));
        return SyncCodec.encode(Batch.of("gw-r", epoch, "readings", prev, rs), Encoding.COMPACT, key);
    }

    @Test
    void forgedAlteredUnsignedUnknownAndReplayedBatchesStoreNothingAndAreCountedByReason() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Files.writeString(keys.resolve("gw-r.key"), new String(KEY, StandardCharsets.UTF_8) + "\n");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start();
             ReceiverService rx = ReceiverServiceIT.service(broker, pg, keys, "rx-reject")) {
            Await.until("connected", Duration.ofSeconds(10), rx::connected);
            MqttClient c = new MqttClient(broker.url(), "attacker");
            c.connect(new MqttConnectOptions());
            String topic = Topics.batch("gw-r", "readings");
            // the genuine epoch-2 batch first: the gateway's current buffer
            publish(c, topic, batch(2, 0, 1, 5, KEY));
            Await.until("genuine stored", Duration.ofSeconds(10), () -> rx.stats().recordsStored() == 5);
            publish(c, topic, batch(2, 5, 6, 9, "another-key-another-key-00000000".getBytes(StandardCharsets.UTF_8))); // forged
            byte[] altered = batch(2, 5, 6, 9, KEY);
            altered[12] ^= 0x01;
            publish(c, topic, altered);                                                  // altered in transit
            publish(c, topic, batch(2, 5, 6, 9, null));                                  // unsigned
            publish(c, topic, batch(1, 0, 1, 9, KEY));                                   // replay of a retired buffer (old epoch)
            publish(c, Topics.batch("gw-x", "readings"), batch(2, 0, 1, 9, KEY));        // unknown gateway (and topic mismatch)
            publish(c, topic, batch(2, 0, 1, 5, KEY));                                   // exact replay of the genuine batch
            Await.until("5 rejects", Duration.ofSeconds(10), () -> rx.stats().rejected() == 5);
            Await.until("replay re-acked", Duration.ofSeconds(10), () -> rx.stats().recordsDuplicate() == 5);
            c.disconnect(1000);
            c.close();
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_reading")).isEqualTo(5);
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_stream WHERE committed_through > 0")).isEqualTo(1);
            String m = ReceiverServiceIT.get(rx.httpPort(), "/metrics");
            System.out.println(m.lines().filter(l -> l.startsWith("ecogate_receiver_rejects_total")).toList());
            assertThat(m).contains("ecogate_receiver_rejects_total{code=\"bad_mac\"} 1", "ecogate_receiver_rejects_total{code=\"bad_digest\"} 1",
                    "ecogate_receiver_rejects_total{code=\"unsigned\"} 1", "ecogate_receiver_rejects_total{code=\"old_epoch\"} 1",
                    "ecogate_receiver_rejects_total{code=\"unknown_gateway\"} 1", "ecogate_receiver_records_stored_total 5",
                    "ecogate_receiver_records_duplicate_total 5");
        }
    }

    private static void publish(MqttClient c, String topic, byte[] payload) throws Exception {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        c.publish(topic, m);
    }
}
