package org.ecogate.sync;

import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.sync.SyncRoundTripIT.await;

/**
 * 1,000 reconnects of a sender: the broker drops it each time another client takes over its client id (MQTT
 * session takeover), plus a few real broker restarts. Threads are counted after a warm-up and at the end.
 */
class SyncReconnectLeakIT {
    @Test
    void aThousandReconnectsLeakNoThreads() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); LinkEmulator proxy = new LinkEmulator(broker.port())) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            // The sender connects through a proxy that the test cuts 1,000 times (and the broker is restarted 4 times).
            SenderConfig cfg = new SenderConfig(proxy.url(), "leak-gw", "leak-gw", 1, List.of("readings"), 20, 2,
                    Duration.ofSeconds(2), Duration.ofMillis(1), Duration.ofMillis(200), null, null);
            try (SyncReceiver rx = new SyncReceiver(broker.url(), "leak-platform", sink); SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                tx.start();
                int baseline = -1;
                int rounds = Integer.getInteger("ecogate.reconnects", 1000);
                for (int i = 0; i < rounds; i++) {
                    long before = tx.stats().reconnects();
                    long t0 = System.nanoTime();
                    await("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                    if (i % 250 == 125) {
                        broker.kill();
                        broker.restart();
                    } else {
                        proxy.cutAll();
                    }
                    try {
                        await("reconnect " + i, Duration.ofSeconds(20), () -> tx.stats().reconnects() > before);
                    } catch (AssertionError e) {
                        Thread.getAllStackTraces().forEach((t, st) -> {
                            System.out.println("THREAD " + t.getName() + " " + t.getState());
                            for (StackTraceElement el : st) System.out.println("    at " + el);
                        });
                        throw e;
                    }
                    if (i % 100 == 0) System.out.printf("reconnect %d took %d ms%n", i, (System.nanoTime() - t0) / 1_000_000);
                    if (i % 10 == 0) {
                        src.append("p", i);
                        tx.wakeUp();
                    }
                    if (i == 50) baseline = settledThreads();
                }
                await("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                long last = src.lastSeq();
                await("all acked", Duration.ofSeconds(20), () -> src.acked == last);
                int end = settledThreads();
                System.out.printf("reconnects=%d threads after 50=%d after 1000=%d%n", tx.stats().reconnects(), baseline, end);
                assertThat(tx.stats().reconnects()).isGreaterThanOrEqualTo(rounds);
                assertThat(end).as("live threads after 1000 reconnects vs after 50").isLessThanOrEqualTo(baseline + 2);
                SyncRoundTripIT.assertExactlyOnce(sink.snapshot(), last);
            }
        }
    }

    /** Live threads once the proxy's pumps of cut connections have ended. */
    private static int settledThreads() throws InterruptedException {
        Thread.sleep(300);
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("link-emu")).count();
    }

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }
}
