package org.ecogate.sync;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Protocol v2 beside v1 through a real mosquitto (PROTOCOL.md 13): one receiver serves v1 (JSON and columnar) and v2
 * gateways at once; a v2 sender re-announces its point dictionary to a receiver that restarted (through the link
 * emulator at 300 ms round trip), and to two receivers that share the load through {@code $share}, and everything is
 * still stored exactly once.
 */
class ProtocolVersionsIT {
    static final byte[] KEY = Data.KEY;

    static SenderConfig config(String url, String gw, Encoding enc, int batch) {
        return SenderConfig.builder(url, gw).clientId("t-" + gw).epoch(5).streams("readings").batchMaxRecords(batch)
                .ackTimeout(Duration.ofSeconds(3)).reconnect(Duration.ofMillis(100), Duration.ofMillis(800)).key(KEY)
                .encoding(enc).build();
    }

    static void produce(MemorySource src, SyncSender tx, int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            src.append("dev" + (i % 7) + ".p" + (i % 3), i * 0.5);
            if (i % 20 == 0) {
                tx.wakeUp();
                Thread.sleep(2);
            }
        }
        tx.wakeUp();
    }

    static List<SyncRecord> of(MemorySink sink, String gw) {
        return sink.seqs(new StreamKey(gw, 5, "readings")).stream().map(s -> new SyncRecord(s, "x", 0, 0.0, "good")).toList();
    }

    @Test
    void oneReceiverServesV1AndV2GatewaysAtOnce() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink();
            Map<String, byte[]> keys = Map.of("gw-v2", KEY, "gw-v1", KEY, "gw-json", KEY);
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "platform", keys), sink)) {
                rx.start();
                MemorySource s2 = new MemorySource(), s1 = new MemorySource(), sj = new MemorySource();
                try (SyncSender v2 = new SyncSender(config(broker.url(), "gw-v2", Encoding.COMPACT, 50), s2);
                     SyncSender v1 = new SyncSender(config(broker.url(), "gw-v1", Encoding.COMPACT_V1, 50), s1);
                     SyncSender js = new SyncSender(config(broker.url(), "gw-json", Encoding.JSON, 50), sj)) {
                    v2.start();
                    v1.start();
                    js.start();
                    produce(s2, v2, 500);
                    produce(s1, v1, 500);
                    produce(sj, js, 500);
                    Await.until("all three acknowledged", Duration.ofSeconds(20),
                            () -> s2.acked == 500 && s1.acked == 500 && sj.acked == 500);
                    // status and commands in each gateway's own version (v2: binary on ecogate/v2/, v1: JSON)
                    for (String gw : List.of("gw-v2", "gw-v1", "gw-json")) {
                        Await.until(gw + " birth status", Duration.ofSeconds(5), () -> rx.gatewayStatus(gw) != null);
                        String id = rx.requestResend(gw, 5, "readings", 1, 10);
                        Await.until(gw + " answers resend " + id, Duration.ofSeconds(10), () -> {
                            GatewayStatus st = rx.gatewayStatus(gw);
                            return st != null && GatewayStatus.RESULT.equals(st.kind()) && id.equals(st.command());
                        });
                    }
                }
                for (String gw : List.of("gw-v2", "gw-v1", "gw-json")) SyncRoundTripIT.assertExactlyOnce(of(sink, gw), 500);
                assertThat(rx.stats().rejected()).isZero();
            }
        }
    }

    @Test
    void aRestartedReceiverLearnsTheDictionaryAgainAndNothingIsLostOrDoubled() throws Exception {
        // the gateway on a cellular-like link: 300 ms round trip, 1 Mbit/s (batches of a window in flight when it asks)
        try (MosquittoProcess broker = MosquittoProcess.start();
             LinkEmulator link = new LinkEmulator(broker.port()).roundTrip(Duration.ofMillis(300)).bandwidth(1_000_000)) {
            MemorySink sink = new MemorySink();
            MemorySource src = new MemorySource();
            try (SyncSender tx = new SyncSender(config(link.url(), "gw-r", Encoding.COMPACT, 40), src)) {
                SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "platform", Map.of("gw-r", KEY)), sink);
                rx.start();
                tx.start();
                produce(src, tx, 400);
                Await.until("first part acknowledged", Duration.ofSeconds(20), () -> src.acked == 400);
                rx.close();
                // the new receiver holds no dictionary; the sender's connection (and its dictionary id) stays the same
                try (SyncReceiver again = new SyncReceiver(ReceiverConfig.signed(broker.url(), "platform", Map.of("gw-r", KEY)), sink)) {
                    again.start();
                    Await.until("receiver back", Duration.ofSeconds(10), again::connected);
                    produce(src, tx, 400);
                    Await.until("second part acknowledged", Duration.ofSeconds(20), () -> src.acked == 800);
                    assertThat(again.stats().rejectedByReason().get(Reject.UNKNOWN_DICTIONARY))
                            .as("the restarted receiver asked for the dictionary").isPositive();
                }
            }
            SyncRoundTripIT.assertExactlyOnce(of(sink, "gw-r"), 800);
        }
    }

    @Test
    void twoReceiversSharingTheLoadBothLearnTheDictionary() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink(true);
            MemorySource src = new MemorySource();
            ReceiverConfig.Builder b = ReceiverConfig.builder(broker.url()).keys(Map.of("gw-s", KEY)).shareGroup("g");
            try (SyncReceiver a = new SyncReceiver(b.clientId("platform-a").build(), sink);
                 SyncReceiver c = new SyncReceiver(b.clientId("platform-b").build(), sink);
                 SyncSender tx = new SyncSender(config(broker.url(), "gw-s", Encoding.COMPACT, 20), src)) {
                a.start();
                c.start();
                Await.until("receivers up", Duration.ofSeconds(10), () -> a.connected() && c.connected());
                tx.start();
                produce(src, tx, 2000);
                Await.until("all acknowledged", Duration.ofSeconds(40), () -> src.acked == 2000);
                assertThat(a.stats().batches()).as("receiver a took part").isPositive();
                assertThat(c.stats().batches()).as("receiver b took part").isPositive();
                assertThat(a.stats().rejected() + c.stats().rejected()).isZero();
            }
            SyncRoundTripIT.assertExactlyOnce(of(sink, "gw-s"), 2000);
        }
    }
}
