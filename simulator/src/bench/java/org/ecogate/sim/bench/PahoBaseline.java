package org.ecogate.sim.bench;

import org.ecogate.sync.internal.codec.ProtocolV2;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The baseline: Eclipse Paho at its best (async client, TCP_NODELAY, 64 publishes in flight) publishing the frames
 * the drain produced, QoS 1, through the same emulated link; readings/s until the last PUBACK. Not thread-safe.
 */
final class PahoBaseline {
    private PahoBaseline() {}

    /** Readings per second; {@code frames} are sync batch messages carrying {@code readings} records in all. */
    static double publish(MosquittoProcess broker, List<byte[]> frames, long readings, Duration rtt, long bits) throws Exception {
        try (LinkEmulator link = new LinkEmulator(broker.port()).roundTrip(rtt).bandwidth(bits)) {
            MqttAsyncClient c = new MqttAsyncClient(link.url(), "bench-paho", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(64);
            o.setSocketFactory(new NoDelay());
            c.connect(o).waitForCompletion(10_000);
            String topic = ProtocolV2.INSTANCE.batchTopic("bench-paho", "readings");
            ArrayDeque<IMqttDeliveryToken> inflight = new ArrayDeque<>();
            long t0 = System.nanoTime();
            for (byte[] f : frames) {
                if (inflight.size() == 64) inflight.poll().waitForCompletion(120_000);
                MqttMessage m = new MqttMessage(f);
                m.setQos(1);
                while (true) {
                    try {
                        inflight.add(c.publish(topic, m));
                        break;
                    } catch (MqttException e) { // Paho completes a token before it frees the in-flight slot
                        if (e.getReasonCode() != MqttException.REASON_CODE_MAX_INFLIGHT) throw e;
                        Thread.onSpinWait();
                    }
                }
            }
            while (!inflight.isEmpty()) inflight.poll().waitForCompletion(120_000);
            double secs = (System.nanoTime() - t0) / 1e9;
            c.disconnect().waitForCompletion(5000);
            c.close();
            return readings / secs;
        }
    }

    /** Plain sockets with Nagle off (Paho leaves it on). */
    static final class NoDelay extends SocketFactory {
        private final SocketFactory d = SocketFactory.getDefault();

        private static Socket nd(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return nd(d.createSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return nd(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return nd(d.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return nd(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return nd(d.createSocket(host, port, local, localPort));
        }
    }
}
