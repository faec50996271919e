package org.ecogate.sync;

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
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            SenderConfig cfg = new SenderConfig(broker.url(), "leak-gw", "leak-gw", 1, List.of("readings"), 20, 2,
                    Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(200), null, null);
            MqttClient kicker = new MqttClient(broker.url(), "leak-gw", new MemoryPersistence());
            MqttConnectOptions ko = new MqttConnectOptions();
            ko.setCleanSession(true);
            ko.setConnectionTimeout(3);
            kicker.setTimeToWait(3000);
            try (SyncReceiver rx = new SyncReceiver(broker.url(), "leak-platform", sink); SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                tx.start();
                int baseline = -1;
                for (int i = 0; i < 1000; i++) {
                    long before = tx.stats().reconnects();
                    await("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                    if (i % 200 == 100) {
                        broker.kill();
                        broker.restart();
                    } else {
                        try {
                            kicker.connect(ko);
                            kicker.disconnect(200);
                        } catch (org.eclipse.paho.client.mqttv3.MqttException kickedBack) {
                            // the sender took its client id back first: also a reconnect
                            try {
                                if (kicker.isConnected()) kicker.disconnectForcibly(0, 100);
                            } catch (org.eclipse.paho.client.mqttv3.MqttException ignored) {
                                // gone
                            }
                        }
                    }
                    await("reconnect " + i, Duration.ofSeconds(20), () -> tx.stats().reconnects() > before);
                    if (i % 10 == 0) {
                        src.append("p", i);
                        tx.wakeUp();
                    }
                    if (i == 50) baseline = threads();
                }
                await("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                long last = src.lastSeq();
                await("all acked", Duration.ofSeconds(20), () -> src.acked == last);
                Thread.sleep(500);
                int end = threads();
                System.out.printf("reconnects=%d threads after 50=%d after 1000=%d%n", tx.stats().reconnects(), baseline, end);
                assertThat(tx.stats().reconnects()).isGreaterThanOrEqualTo(1000);
                assertThat(end).as("live threads after 1000 reconnects vs after 50").isLessThanOrEqualTo(baseline + 2);
                SyncRoundTripIT.assertExactlyOnce(sink.snapshot(), last);
            } finally {
                kicker.close();
            }
        }
    }

    private static int threads() {
        return Thread.getAllStackTraces().size();
    }
}
