package org.ecogate.sync.internal.transport;

import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ecogate's own MQTT client against a real mosquitto: QoS 1 both ways, will, keep-alive, refusal, no leaks. */
class MqttClientIT {
    @TempDir
    Path dir;

    private static MqttConnectOptions opts(int keepAlive) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setKeepAliveInterval(keepAlive);
        o.setConnectionTimeout(3);
        return o;
    }

    @Test
    void publishesAndReceivesQos1AndTheWillFiresOnALostConnection() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            List<String> got = new CopyOnWriteArrayList<>();
            MqttClient sub = new MqttClient(broker.url(), "sub");
            sub.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {}

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    got.add(topic + "=" + new String(message.getPayload(), StandardCharsets.UTF_8));
                }
            });
            sub.connect(opts(10));
            sub.subscribe(new String[] {"t/#"}, new int[] {1});
            MqttClient pub = new MqttClient(broker.url(), "pub");
            MqttConnectOptions o = opts(10);
            o.setWill("t/will", "gone".getBytes(StandardCharsets.UTF_8), 1, false);
            pub.connect(o);
            for (int i = 0; i < 200; i++) pub.publish("t/a", new MqttMessage(("m" + i).getBytes(StandardCharsets.UTF_8)));
            pub.disconnectForcibly(0, 1000); // no DISCONNECT: the broker publishes the will
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < 201 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(got).hasSize(201).startsWith("t/a=m0", "t/a=m1").contains("t/will=gone");
            assertThat(pub.isConnected()).isFalse();
            sub.disconnect(1000);
            assertThatThrownBy(() -> sub.publish("t/x", new MqttMessage(new byte[1])))
                    .isInstanceOf(MqttException.class).hasMessageContaining("not connected");
        }
    }

    @Test
    void keepAlivePingsHoldAnIdleConnectionAndABrokerKillIsNoticed() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            List<Throwable> lost = new CopyOnWriteArrayList<>();
            MqttClient c = new MqttClient(broker.url(), "idle");
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                    lost.add(cause);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {}
            });
            c.connect(opts(1));
            Thread.sleep(3500); // mosquitto drops clients silent for 1.5 x keep-alive
            assertThat(c.isConnected()).as("pings kept the idle connection").isTrue();
            c.publish("x", new MqttMessage(new byte[] {1}));
            broker.kill();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lost.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(lost).hasSize(1);
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void aRefusedPasswordIsReportedAndRepeatedRefusalsLeakNoThreads() throws Exception {
        Path pw = dir.resolve("passwd");
        Process p = new ProcessBuilder("mosquitto_passwd", "-c", "-b", pw.toString(), "gw1", "right").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        pw.toFile().setReadable(true, false);
        dir.toFile().setExecutable(true, false);
        try (MosquittoProcess broker = MosquittoProcess.start("password_file " + pw + "\nallow_anonymous false\n")) {
            MqttClient c = new MqttClient(broker.url(), "gw1");
            MqttConnectOptions o = opts(10);
            o.setUserName("gw1");
            o.setPassword("wrong".toCharArray());
            assertThatThrownBy(() -> c.connect(o)).isInstanceOf(MqttException.class)
                    .hasMessageContaining("refused").satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isIn(4, 5));
            Thread.sleep(200);
            int before = Thread.activeCount();
            for (int i = 0; i < 100; i++) {
                try {
                    c.connect(o);
                } catch (MqttException expected) {
                    // refused
                }
            }
            Thread.sleep(300);
            assertThat(Thread.activeCount()).as("threads after 100 refused connects").isLessThanOrEqualTo(before + 1);
            o.setPassword("right".toCharArray());
            c.connect(o);
            assertThat(c.isConnected()).isTrue();
            c.disconnect(1000);
        }
    }
}
