package org.ecogate.sync.internal.transport;

import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client against hostile peers: a scripted fake broker (oversized announcements, protocol violations, PUBACKs
 * withheld) and real mosquitto through the link emulator (half-open drops, stalls, a peer that never sends CONNACK).
 */
class MqttClientHardeningIT {
    /** Accepts one client, answers CONNACK, records the PUBLISH ids it reads, and lets the test write raw bytes. */
    static final class FakeBroker implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final LinkedBlockingQueue<Integer> publishIds = new LinkedBlockingQueue<>();
        volatile OutputStream out;

        FakeBroker() throws IOException {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    out = s.getOutputStream();
                    while (true) {
                        int h = in.readUnsignedByte();
                        int len = 0, mul = 1, d;
                        do {
                            d = in.readUnsignedByte();
                            len += (d & 0x7F) * mul;
                            mul *= 128;
                        } while ((d & 0x80) != 0);
                        byte[] body = in.readNBytes(len);
                        if (h >> 4 == 1) send(0x20, 2, 0, 0); // CONNACK accepted
                        if (h >> 4 == 3 && ((h >> 1) & 3) == 1) {
                            int tl = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                            publishIds.add(((body[2 + tl] & 0xFF) << 8) | (body[3 + tl] & 0xFF));
                        }
                    }
                } catch (IOException end) {
                    // client gone
                }
            }, "fake-broker");
            t.setDaemon(true);
            t.start();
        }

        synchronized void send(int... bytes) throws IOException {
            byte[] b = new byte[bytes.length];
            for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
            out.write(b);
            out.flush();
        }

        String url() {
            return "tcp://127.0.0.1:" + server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A client whose losses land in {@code lost} as "connectionId: message". */
    private static MqttClient client(String url, List<String> lost) throws MqttException {
        MqttClient c = new MqttClient(url, "hardening");
        c.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(long id, Throwable cause) {
                lost.add(id + ": " + cause.getMessage());
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {}
        });
        return c;
    }

    private static MqttConnectOptions opts(int keepAlive) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setKeepAliveInterval(keepAlive);
        o.setConnectionTimeout(1);
        return o;
    }

    private static void awaitLoss(List<String> lost, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (lost.isEmpty() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(lost).as("connection lost within " + ms + " ms").isNotEmpty();
    }

    @Test
    void aTwoHundredMegabyteAnnouncementOfAnyOtherPacketClosesTheConnectionWithoutAllocating() throws Exception {
        try (FakeBroker b = new FakeBroker()) {
            List<String> lost = new CopyOnWriteArrayList<>();
            MqttClient c = client(b.url(), lost);
            c.connect(opts(0));
            long id = c.connectionId();
            int len = 200 * 1024 * 1024; // remaining length 209,715,200 as a 4-byte varint
            b.send(0x90, (len & 0x7F) | 0x80, ((len >> 7) & 0x7F) | 0x80, ((len >> 14) & 0x7F) | 0x80, len >> 21); // SUBACK
            awaitLoss(lost, 2000);
            assertThat(lost.get(0)).isEqualTo(id + ": protocol violation: the broker announced a packet of 209715200 bytes (limit "
                    + MqttClient.DEFAULT_MAX_INCOMING + ")");
            assertThat(c.isConnected()).isFalse();
        }
    }

    @Test
    void anOversizedPublishIsReadPastAndReportedAndTheConnectionStays() throws Exception {
        try (FakeBroker b = new FakeBroker()) {
            List<String> lost = new CopyOnWriteArrayList<>();
            List<String> seen = new CopyOnWriteArrayList<>();
            MqttClient c = new MqttClient(b.url(), "hardening");
            c.setMaxIncomingBytes(64 * 1024);
            c.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(long id, Throwable cause) {
                    lost.add(cause.getMessage());
                }

                @Override
                public void messageOversized(String topic, int bytes) {
                    seen.add("oversized " + topic + " " + bytes);
                }

                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    seen.add(topic + " " + message.getPayload().length);
                }
            });
            c.connect(opts(0));
            int len = 2 + 1 + 2 + 1024 * 1024; // topic "t", packet id, 1 MiB payload (a 3-byte length)
            byte[] head = {0x32, (byte) ((len & 0x7F) | 0x80), (byte) (((len >> 7) & 0x7F) | 0x80), (byte) (len >> 14), 0, 1, 't', 0, 7};
            byte[] packet = java.util.Arrays.copyOf(head, head.length + 1024 * 1024);
            int[] asInts = new int[packet.length];
            for (int i = 0; i < packet.length; i++) asInts[i] = packet[i] & 0xFF;
            b.send(asInts);
            b.send(0x30, 5, 0, 1, 'u', 'o', 'k'); // a normal message after it
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (seen.size() < 2 && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(seen).containsExactly("oversized t " + len, "u 2");
            assertThat(lost).isEmpty();
            assertThat(c.isConnected()).isTrue();
        }
    }

    @Test
    void protocolViolationsCloseTheConnection() throws Exception {
        int[][] violations = {{0xE0, 0}, {0x36, 5, 0, 1, 't', 0, 1}, {0xF0, 0}, {0x42, 2, 0, 1}, {0x34, 5, 0, 1, 't', 0, 1}};
        String[] expected = {"DISCONNECT", "QoS 3", "unexpected packet type 15", "malformed PUBACK", "QoS 2"};
        for (int i = 0; i < violations.length; i++) {
            try (FakeBroker b = new FakeBroker()) {
                List<String> lost = new CopyOnWriteArrayList<>();
                MqttClient c = client(b.url(), lost);
                c.connect(opts(0));
                b.send(violations[i]);
                awaitLoss(lost, 2000);
                assertThat(lost.get(0)).contains("protocol violation").contains(expected[i]);
            }
        }
    }

    @Test
    void packetIdsAreNeverReusedWhileOutstanding() throws Exception {
        try (FakeBroker b = new FakeBroker()) {
            MqttClient c = client(b.url(), new ArrayList<>());
            c.setMaxInflight(3);
            c.setTimeToWait(300);
            c.connect(opts(0));
            List<CompletableFuture<Void>> fs = new ArrayList<>();
            for (int i = 0; i < 3; i++) fs.add(c.publishAsync("t", new MqttMessage(new byte[] {(byte) i})));
            List<Integer> ids = List.of(b.publishIds.poll(2, TimeUnit.SECONDS), b.publishIds.poll(2, TimeUnit.SECONDS),
                    b.publishIds.poll(2, TimeUnit.SECONDS));
            assertThat(ids).doesNotHaveDuplicates();
            // the window is full: a fourth publish times out instead of freeing an id the broker may still ack
            assertThatThrownBy(() -> c.publish("t", new MqttMessage(new byte[1]))).hasMessageContaining("unacknowledged");
            assertThat(c.stalledMillis()).isGreaterThanOrEqualTo(250);
            b.send(0x40, 2, ids.get(1) >> 8, ids.get(1) & 0xFF); // PUBACK for the middle one only
            fs.get(1).get(2, TimeUnit.SECONDS);
            for (int round = 0; round < 70_000 / 100; round++) { // wrap the 16-bit id space: 0 and 2 stay reserved
                c.publishAsync("t", new MqttMessage(new byte[1]));
                int id = b.publishIds.poll(2, TimeUnit.SECONDS);
                assertThat(id).isNotIn(ids.get(0), ids.get(2));
                b.send(0x40, 2, id >> 8, id & 0xFF);
                for (int k = 0; k < 99; k++) {
                    c.publishAsync("t", new MqttMessage(new byte[1]));
                    int more = b.publishIds.poll(2, TimeUnit.SECONDS);
                    assertThat(more).isNotIn(ids.get(0), ids.get(2));
                    b.send(0x40, 2, more >> 8, more & 0xFF);
                }
            }
            assertThat(fs.get(0)).isNotDone();
            c.close();
        }
    }

    @Test
    void twoByteFieldsAreCheckedBeforeAnythingIsSent() throws Exception {
        try (FakeBroker b = new FakeBroker()) {
            MqttClient c = client(b.url(), new ArrayList<>());
            MqttConnectOptions o = opts(0);
            o.setUserName("u".repeat(70_000));
            assertThatThrownBy(() -> c.connect(o)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("user name is 70000 bytes");
            c.connect(opts(0));
            assertThatThrownBy(() -> c.publish("t".repeat(65_536), new MqttMessage(new byte[1])))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic must be 1..65535 bytes");
            c.publishAsync("ok", new MqttMessage(new byte[1]));
            assertThat(b.publishIds.poll(2, TimeUnit.SECONDS)).isNotNull(); // the connection survived
            c.close();
        }
    }

    @Test
    void aHalfOpenLinkIsDetectedWhileWritingAndWhileIdle() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); LinkEmulator link = new LinkEmulator(broker.port())) {
            // writing: a silent drop fills the send buffers; the write watchdog ends the connection
            List<String> lost = new CopyOnWriteArrayList<>();
            MqttClient c = client(link.url(), lost);
            c.setWriteTimeout(1000);
            c.setTimeToWait(500);
            c.connect(opts(60));
            link.dropSilently();
            long t0 = System.nanoTime();
            byte[] mb = new byte[1 << 20];
            for (int i = 0; i < 64 && c.isConnected(); i++) {
                MqttMessage m = new MqttMessage(mb);
                m.setQos(0);
                try {
                    c.publishAsync("big", m);
                } catch (MqttException lostMeanwhile) {
                    break;
                }
                Thread.sleep(20);
            }
            awaitLoss(lost, 5000);
            assertThat(lost.get(0)).contains("write").contains("blocked");
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5000);
            // idle: keep-alive 1 s; no PINGRESP within 1.5 s ends it (the reader never waits behind a write)
            lost.clear();
            c.connect(opts(1));
            link.dropSilently();
            awaitLoss(lost, 4000);
            assertThat(lost.get(0)).contains("keep-alive");
            c.close();
        }
    }

    @Test
    void aPeerThatNeverSendsConnackOrClosesAtOnceFailsTheConnectQuickly() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); LinkEmulator link = new LinkEmulator(broker.port())) {
            MqttClient c = client(link.url(), new ArrayList<>());
            link.mode(LinkEmulator.Mode.SILENT);
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> c.connect(opts(5))).isInstanceOf(MqttException.class).hasMessageContaining("timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            link.mode(LinkEmulator.Mode.ACCEPT_THEN_CLOSE);
            assertThatThrownBy(() -> c.connect(opts(5))).isInstanceOf(MqttException.class);
            link.mode(LinkEmulator.Mode.FORWARD);
            c.connect(opts(5));
            assertThat(c.isConnected()).isTrue();
            c.close();
        }
    }
}
