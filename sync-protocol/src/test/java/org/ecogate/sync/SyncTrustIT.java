package org.ecogate.sync;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.internal.codec.Envelope;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;

import org.ecogate.sync.testkit.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.sync.Data.KEY;
import static org.ecogate.sync.Data.OTHER_KEY;

/** Signing, rejection codes, replay of old epochs, fuzzing, status/will, gap repair and TLS, with a real mosquitto. */
class SyncTrustIT {
    private static SenderConfig signedConfig(String url, String gw, long epoch, byte[] key) {
        return SenderConfig.builder(url, gw).clientId("test-" + gw).epoch(epoch).streams("readings").batchMaxRecords(50)
                .window(3).ackTimeout(Duration.ofSeconds(2)).reconnect(Duration.ofMillis(100), Duration.ofMillis(800))
                .key(key).statusInterval(Duration.ofSeconds(1)).build();
    }

    private static MqttClient raw(String url, String id) throws Exception {
        MqttClient c = new MqttClient(url, id, new MemoryPersistence());
        c.connect(new MqttConnectOptions());
        return c;
    }

    @Test
    void signedBatchesAreStoredAndForgedUnsignedAlteredAndReplayedOnesRejectedWithTheirCode() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink();
            MemorySource src = new MemorySource();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "p", Map.of("gw-s", KEY)), sink);
                 SyncSender tx = new SyncSender(signedConfig(broker.url(), "gw-s", 200, KEY), src)) {
                rx.start();
                tx.start();
                for (int i = 0; i < 120; i++) src.append("fan1.freq", i * 0.5);
                tx.wakeUp();
                Await.until("signed batches acked", Duration.ofSeconds(15), () -> src.acked == 120);
                Await.until("birth status", Duration.ofSeconds(5), () -> rx.gatewayStatus("gw-s") != null);
                assertThat(rx.gatewayStatus("gw-s").online()).isTrue();

                MqttClient attacker = raw(broker.url(), "attacker");
                List<Ack> acks = new CopyOnWriteArrayList<>();
                attacker.subscribe(Topics.ack("gw-s"), 1, (t, m) -> {
                    Ack a = SyncCodec.decodeAck(m.getPayload(), KEY, true);
                    if (a.status().equals(Ack.REJECTED)) acks.add(a);
                });
                String topic = Topics.batch("gw-s", "readings");
                Batch next = Batch.of("gw-s", 200, "readings", 120, List.of(new SyncRecord(121, "x", 1, 666.0, "good")));
                attacker.publish(topic, new MqttMessage(SyncCodec.encode(next, Encoding.COMPACT, OTHER_KEY)));     // forged
                attacker.publish(topic, new MqttMessage(SyncCodec.encode(next, Encoding.JSON, null)));            // unsigned
                byte[] altered = SyncCodec.encode(next, Encoding.COMPACT, KEY);
                altered[10] ^= 4;
                attacker.publish(topic, new MqttMessage(altered));                                                  // altered
                Batch old = Batch.of("gw-s", 100, "readings", 0, List.of(new SyncRecord(1, "x", 1, 666.0, "good")));
                attacker.publish(topic, new MqttMessage(SyncCodec.encode(old, Encoding.COMPACT, KEY)));          // old epoch (replay)
                attacker.publish(Topics.batch("gw-x", "readings"),
                        new MqttMessage(SyncCodec.encode(next, Encoding.COMPACT, KEY)));                          // no key for gw-x
                attacker.publish(topic, new MqttMessage(SyncCodec.encode(Batch.of("gw-s", 200, "events", 0,
                        List.of(new SyncRecord(1, "x", 1, 1.0, "good"))), Encoding.COMPACT, KEY)));             // stream != topic
                Await.until("6 rejects", Duration.ofSeconds(5), () -> rx.stats().rejected() == 6);
                Map<String, Long> by = rx.stats().rejectedByReason();
                assertThat(by).containsEntry(Reject.BAD_MAC, 1L).containsEntry(Reject.UNSIGNED, 1L)
                        .containsEntry(Reject.BAD_DIGEST, 1L).containsEntry(Reject.OLD_EPOCH, 1L)
                        .containsEntry(Reject.UNKNOWN_GATEWAY, 1L).containsEntry(Reject.TOPIC_MISMATCH, 1L);
                Await.until("reject acks", Duration.ofSeconds(5), () -> acks.size() >= 4);
                assertThat(acks).extracting(Ack::code).contains(Reject.BAD_MAC, Reject.UNSIGNED, Reject.BAD_DIGEST, Reject.OLD_EPOCH);
                assertThat(sink.snapshot()).hasSize(120).noneMatch(r -> r.value() == 666.0);
                // the real gateway carries on
                src.append("fan1.freq", 1);
                tx.wakeUp();
                Await.until("acked after the attack", Duration.ofSeconds(10), () -> src.acked == 121);
                assertThat(tx.stats().badAcks()).isZero();
                attacker.disconnect();
                attacker.close();
            }
        }
    }

    @Test
    void aHundredThousandMutatedAndRandomPayloadsCrashNothingAndStoreNothing() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink();
            Random rnd = new Random(11);
            List<byte[]> seeds = new ArrayList<>();
            for (Encoding e : Encoding.values()) {
                seeds.add(SyncCodec.encode(Batch.of("gw-f", 1, "readings", 0, Data.periodic(1, 0, 2, 10, 5)), e, KEY));
                seeds.add(SyncCodec.encode(Batch.of("gw-f", 1, "events", 0, List.of(new SyncRecord(1, "ev", 1, null, "good", "{}"))), e, KEY));
            }
            String[] topics = {Topics.batch("gw-f", "readings"), Topics.batch("gw-f", "events"), Topics.status("gw-f"),
                    "ecogate/v1/gw-f/batch", "ecogate/v1/../batch/x"};
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "p", Map.of("gw-f", KEY)), sink)) {
                // in-process: 99,000 payloads straight into the receiver's handler
                for (int i = 0; i < 99_000; i++) rx.core().handle(topics[rnd.nextInt(topics.length)], mutate(rnd, seeds));
                // and 1,000 through the broker, with the receiver running
                rx.start();
                Await.until("receiver connected", Duration.ofSeconds(5), rx::connected);
                MqttClient c = raw(broker.url(), "fuzzer");
                for (int i = 0; i < 1_000; i++) {
                    MqttMessage m = new MqttMessage(mutate(rnd, seeds));
                    m.setQos(1);
                    String topic = topics[rnd.nextInt(2)];
                    for (int attempt = 0; ; attempt++) {
                        try {
                            c.publish(topic, m);
                            break;
                        } catch (org.eclipse.paho.client.mqttv3.MqttException e) {
                            // Paho trap: 32202 "too many publishes in progress" even on the blocking client
                            if (e.getReasonCode() != 32202 || attempt > 100) throw e;
                            Thread.sleep(10);
                        }
                    }
                }
                try {
                    Await.until("1000 more rejects", Duration.ofSeconds(30), () -> rx.stats().rejected() + rx.stats().statusMessages() >= 100_000);
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + ": " + rx.stats());
                }
                c.disconnect();
                c.close();
                assertThat(sink.snapshot()).isEmpty();
                assertThat(rx.stats().batches()).isZero();
                assertThat(rx.stats().rejected()).isEqualTo(100_000);
            }
        }
    }

    private static byte[] mutate(Random rnd, List<byte[]> seeds) {
        byte[] b = seeds.get(rnd.nextInt(seeds.size())).clone();
        switch (rnd.nextInt(5)) {
            case 0 -> {
                int flips = 1 + rnd.nextInt(6);
                for (int f = 0; f < flips; f++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            }
            case 1 -> b = Arrays.copyOf(b, 1 + rnd.nextInt(b.length - 1));
            case 2 -> {
                b = new byte[1 + rnd.nextInt(400)]; // an empty status payload is a cleared retained message, not an attack
                rnd.nextBytes(b);
            }
            case 3 -> {
                // a body change with a valid digest but the wrong HMAC
                int n = b.length - 64;
                byte[] body = Arrays.copyOfRange(b, Envelope.HEADER, n);
                if (body.length > 0) body[rnd.nextInt(body.length)] ^= (byte) (1 + rnd.nextInt(255));
                b = Envelope.seal(b[2], b[3], body, rnd.nextBoolean() ? OTHER_KEY : null);
            }
            default -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
        }
        // a random byte can equal the one it replaced: then it is not a mutation but a valid message
        for (byte[] seed : seeds) {
            if (Arrays.equals(seed, b)) b[rnd.nextInt(b.length)] ^= 1;
        }
        return b;
    }

    @Test
    void theWillSaysOfflineAndAResendCommandRepairsALostRange() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySink sink = new MemorySink();
            MemorySource src = new MemorySource();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "p", Map.of("gw-r", KEY)), sink)) {
                rx.start();
                List<GatewayStatus> results = new CopyOnWriteArrayList<>();
                rx.onStatus(s -> {
                    if (s.kind().equals(GatewayStatus.RESULT)) results.add(s);
                });
                try (SyncSender tx = new SyncSender(signedConfig(broker.url(), "gw-r", 300, KEY), src)) {
                    tx.start();
                    for (int i = 0; i < 100; i++) src.append("p", i);
                    tx.wakeUp();
                    Await.until("acked", Duration.ofSeconds(10), () -> src.acked == 100);
                    // the platform loses records 41..100 (restored an old backup): watermark back to 40
                    sink.restore(new StreamKey("gw-r", 300, "readings"), 40);
                    String id = rx.requestResend("gw-r", 300, "readings", 41, 100);
                    Await.until("repaired", Duration.ofSeconds(10), () -> sink.snapshot().size() == 100);
                    Await.until("result", Duration.ofSeconds(5), () -> !results.isEmpty());
                    assertThat(results.get(0).command()).isEqualTo(id);
                    SyncRoundTripIT.assertExactlyOnce(sink.snapshot(), 100);
                    assertThat(src.acked).isEqualTo(100);
                }
                // closed: the gateway published its offline status
                Await.until("offline", Duration.ofSeconds(5), () -> !rx.gatewayStatus("gw-r").online());
                assertThat(rx.gatewayStatus("gw-r").kind()).isEqualTo(GatewayStatus.WILL);
            }
        }
    }

    @Test
    void tlsWithServerVerificationWorksAndAnUntrustedBrokerIsRefused(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem"), caKey = dir.resolve("ca.key"), srvKey = dir.resolve("server.key"),
                csr = dir.resolve("server.csr"), srv = dir.resolve("server.pem"), ext = dir.resolve("ext.cnf"),
                otherCa = dir.resolve("other.pem"), otherKey = dir.resolve("other.key");
        Files.writeString(ext, "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=test-ca",
                "-keyout", caKey.toString(), "-out", ca.toString());
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", srvKey.toString(),
                "-out", csr.toString());
        run(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-days", "2", "-extfile", ext.toString(), "-out", srv.toString());
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=other-ca",
                "-keyout", otherKey.toString(), "-out", otherCa.toString());
        // mosquitto may run as its own user: let it read the test's files
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        for (Path f : List.of(ca, srv, srvKey)) {
            Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (MosquittoProcess broker = MosquittoProcess.start("cafile " + ca + "\ncertfile " + srv + "\nkeyfile " + srvKey + "\n")) {
            String url = "ssl://localhost:" + broker.port();
            TlsConfig tls = new TlsConfig(ca, null, null, true);
            MemorySink sink = new MemorySink();
            MemorySource src = new MemorySource();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.builder(url).clientId("p").tls(tls).keys(Map.of("gw-t", KEY)).build(), sink);
                 SyncSender tx = new SyncSender(signedConfig(url, "gw-t", 1, KEY).toBuilder().tls(tls).build(), src)) {
                rx.start();
                tx.start();
                for (int i = 0; i < 50; i++) src.append("p", i);
                tx.wakeUp();
                Await.until("acked over TLS", Duration.ofSeconds(15), () -> src.acked == 50);
                assertThat(sink.snapshot()).hasSize(50);
            }
            // a sender trusting another CA never connects
            MemorySource src2 = new MemorySource();
            src2.append("p", 1);
            try (SyncSender tx = new SyncSender(signedConfig(url, "gw-u", 1, KEY)
                    .toBuilder().tls(new TlsConfig(otherCa, null, null, true)).build(), src2)) {
                tx.start();
                Thread.sleep(1500);
                assertThat(tx.stats().connected()).isFalse();
                assertThat(src2.acked).isZero();
            }
        }
    }

    static void run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
    }
}
