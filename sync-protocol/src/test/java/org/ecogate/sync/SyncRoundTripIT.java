package org.ecogate.sync;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;

import org.ecogate.sync.testkit.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Sender and receiver through a real mosquitto that is killed and restarted mid-run. */
class SyncRoundTripIT {
    private static SenderConfig config(String url, String gw, int batch) {
        return SenderConfig.builder(url, gw).clientId("test-" + gw).epoch(77).streams("readings").batchMaxRecords(batch)
                .window(3).ackTimeout(Duration.ofSeconds(2)).reconnect(Duration.ofMillis(100), Duration.ofMillis(800)).build();
    }

    static void assertExactlyOnce(List<SyncRecord> stored, long last) {
        Set<Long> seen = new HashSet<>();
        for (SyncRecord r : stored) assertThat(seen.add(r.seq())).as("seq %d stored twice", r.seq()).isTrue();
        assertThat(seen).hasSize((int) last);
        for (long s = 1; s <= last; s++) {
            if (!seen.contains(s)) throw new AssertionError("seq " + s + " missing"); // (AssertJ's contains is O(n))
        }
    }

    @Test
    void everyRecordArrivesExactlyOnceAcrossABrokerOutage() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "test-platform"), sink);
                 SyncSender tx = new SyncSender(config(broker.url(), "gw-a", 50), src)) {
                rx.start();
                tx.start();
                for (int i = 0; i < 600; i++) {
                    src.append("fan1.freq", i);
                    tx.wakeUp();
                    if (i == 200) broker.kill();
                    if (i == 350) broker.restart();
                    Thread.sleep(5);
                }
                long last = src.lastSeq();
                Await.until("all acked", Duration.ofSeconds(30), () -> src.acked == last);
                assertThat(tx.drain(Duration.ofSeconds(5))).isTrue();
                assertExactlyOnce(sink.snapshot(), last);
                assertThat(tx.stats().reconnects()).isGreaterThanOrEqualTo(1);
                assertThat(rx.stats().recordsStored()).isEqualTo(last);
            }
        }
    }

    @Test
    void aResentBatchIsStoredOnceAndAcknowledgedAgain() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "test-platform"), sink)) {
                rx.start();
                Await.until("receiver connected", Duration.ofSeconds(5), rx::connected);
                MqttClient raw = new MqttClient(broker.url(), "raw-gw", new MemoryPersistence());
                List<Ack> acks = new CopyOnWriteArrayList<>();
                raw.connect(new MqttConnectOptions());
                raw.subscribe(Topics.ack("gw-b"), 1, (t, m) -> acks.add(SyncCodec.decodeAck(m.getPayload())));
                Batch b = Batch.of("gw-b", 5, "readings", 0, List.of(new SyncRecord(1, "p", 1, 1.0, "good"),
                        new SyncRecord(2, "p", 2, 2.0, "good")));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage(SyncCodec.encode(b)));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage(SyncCodec.encode(b)));
                // Overlapping resend: seq 2 already stored, seq 3 new.
                Batch overlap = Batch.of("gw-b", 5, "readings", 1, List.of(new SyncRecord(2, "p", 2, 2.0, "good"),
                        new SyncRecord(3, "p", 3, 3.0, "good")));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage(SyncCodec.encode(overlap)));
                // A batch beyond the watermark (seq 4 missing) is answered with a gap ack, not stored.
                Batch ahead = Batch.of("gw-b", 5, "readings", 4, List.of(new SyncRecord(5, "p", 5, 5.0, "good")));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage(SyncCodec.encode(ahead)));
                // Forged: batch claims another gateway than its topic; and garbage.
                Batch forged = Batch.of("gw-c", 5, "readings", 0, List.of(new SyncRecord(1, "p", 1, 9.0, "good")));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage(SyncCodec.encode(forged)));
                raw.publish(Topics.batch("gw-b", "readings"), new MqttMessage("{oops".getBytes(StandardCharsets.UTF_8)));
                Await.until("6 acks", Duration.ofSeconds(5), () -> acks.size() == 6);
                assertThat(acks).extracting(Ack::ackedThrough).containsExactly(2L, 2L, 3L, 3L, 0L, 0L);
                assertThat(acks).extracting(Ack::status)
                        .containsExactly(Ack.OK, Ack.OK, Ack.OK, Ack.GAP, Ack.REJECTED, Ack.REJECTED);
                assertThat(sink.snapshot()).extracting(SyncRecord::seq).containsExactly(1L, 2L, 3L);
                assertThat(rx.stats().recordsDuplicate()).isEqualTo(3);
                assertThat(rx.stats().rejected()).isEqualTo(2);
                raw.disconnect();
                raw.close();
            }
        }
    }

    @Test
    void aStoreFailureIsNotAcknowledgedAndTheSenderResends() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            sink.failing = true;
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "test-platform"), sink);
                 SyncSender tx = new SyncSender(config(broker.url(), "gw-d", 10), src)) {
                rx.start();
                tx.start();
                for (int i = 0; i < 25; i++) src.append("p", i);
                tx.wakeUp();
                Thread.sleep(1500);
                assertThat(src.acked).isZero();
                sink.failing = false;
                Await.until("acked after the store recovered", Duration.ofSeconds(15), () -> src.acked == 25);
                assertExactlyOnce(sink.snapshot(), 25);
                assertThat(tx.stats().resends()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aSenderThatCannotConnectLeaksNoThreads() throws Exception {
        int port;
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            port = broker.port();
        }
        // Broker gone: connects fail repeatedly.
        MemorySource src = new MemorySource();
        src.append("p", 1);
        for (int round = 0; round < 2; round++) {
            try (SyncSender tx = new SyncSender(config("tcp://127.0.0.1:" + port, "gw-e", 10), src)) {
                tx.start();
                Thread.sleep(1500);
                assertThat(tx.stats().connected()).isFalse();
            }
        }
        Thread.sleep(300);
        int before = Thread.activeCount();
        for (int round = 0; round < 3; round++) {
            try (SyncSender tx = new SyncSender(config("tcp://127.0.0.1:" + port, "gw-e", 10), src)) {
                tx.start();
                Thread.sleep(1500);
            }
        }
        Thread.sleep(300);
        assertThat(Thread.activeCount()).as("threads after 3 more failing senders").isLessThanOrEqualTo(before + 1);
    }
}
