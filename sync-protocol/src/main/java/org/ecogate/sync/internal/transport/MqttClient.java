package org.ecogate.sync.internal.transport;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A minimal MQTT 3.1.1 client (QoS 0 and 1, clean or persistent session, will, TLS, user name/password): what the
 * sync protocol needs and nothing more. It replaces Eclipse Paho mqttv3 1.2.5, whose connect path polls for its
 * receiver thread in 100 ms sleeps (every reconnect cost ~300 ms) and leaks a spinning "MQTT Con" thread whenever
 * a connection drops within that window (measured: 2 leaked threads per 100 reconnects through a dropping proxy;
 * with a broker that refuses the password, one per attempt). Here each connection owns exactly one reader thread,
 * which ends when its socket closes; nothing else is started.
 *
 * <p>Thread-safe: publish/subscribe may be called from several threads; each QoS 1 publish blocks until its PUBACK
 * (or the wait time passes, or the connection is lost). Callbacks run on the reader thread and must not block.
 * Reusable: after a lost connection, {@link #connect} opens a new one.
 */
public final class MqttClient implements AutoCloseable {
    private final String host;
    private final int port;
    private final boolean tls;
    private final String clientId;
    private volatile MqttCallback callback;
    private volatile long timeToWaitMs = 10_000;
    private volatile Connection conn;
    private int nextId;

    public MqttClient(String brokerUrl, String clientId) throws MqttException {
        URI u;
        try {
            u = URI.create(brokerUrl);
        } catch (IllegalArgumentException e) {
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "broker URL '" + brokerUrl + "': " + e.getMessage());
        }
        if (!"tcp".equals(u.getScheme()) && !"ssl".equals(u.getScheme()) || u.getHost() == null) {
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "broker URL '" + brokerUrl + "': expected tcp://host:port or ssl://host:port");
        }
        this.host = u.getHost();
        this.tls = "ssl".equals(u.getScheme());
        this.port = u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883;
        if (clientId == null || clientId.isEmpty() || clientId.length() > 65535) {
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "client id must be 1..65535 characters");
        }
        this.clientId = clientId;
    }

    public void setCallback(MqttCallback callback) {
        this.callback = callback;
    }

    /** How long publish, subscribe and connect wait for the broker's answer. */
    public void setTimeToWait(long ms) {
        this.timeToWaitMs = ms;
    }

    public boolean isConnected() {
        Connection c = conn;
        return c != null && !c.closed;
    }

    public synchronized void connect(MqttConnectOptions o) throws MqttException {
        if (isConnected()) throw new MqttException(MqttException.ALREADY_CONNECTED, "already connected");
        Socket s = null;
        try {
            SocketFactory f = o.getSocketFactory() != null ? o.getSocketFactory()
                    : tls ? SSLSocketFactory.getDefault() : SocketFactory.getDefault();
            s = f.createSocket();
            int timeout = Math.max(1, o.getConnectionTimeout()) * 1000;
            s.connect(new InetSocketAddress(host, port), timeout);
            if (tls && !(s instanceof SSLSocket)) {
                Socket plain = s;
                s = ((SSLSocketFactory) (f instanceof SSLSocketFactory ? f : SSLSocketFactory.getDefault()))
                        .createSocket(plain, host, port, true);
            }
            if (s instanceof SSLSocket ssl) {
                if (o.isHostnameVerification()) {
                    SSLParameters p = ssl.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS");
                    ssl.setSSLParameters(p);
                }
                ssl.setSoTimeout(timeout);
                ssl.startHandshake();
            }
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeout);
            Connection c = new Connection(s, o.getKeepAliveInterval());
            c.write(connectPacket(o));
            int rc = c.readConnack();
            if (rc != 0) {
                c.closeQuietly();
                throw new MqttException(rc, "broker refused the connection: " + connackReason(rc));
            }
            conn = c;
            c.start();
        } catch (IOException e) {
            closeQuietly(s);
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private static String connackReason(int rc) {
        return switch (rc) {
            case 1 -> "unacceptable protocol version";
            case 2 -> "client id rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorized";
            default -> "return code " + rc;
        };
    }

    public void subscribe(String[] topics, int[] qos) throws MqttException {
        Connection c = live();
        int id = c.newId();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, id);
        for (int i = 0; i < topics.length; i++) {
            writeString(body, topics[i]);
            body.write(qos[i]);
        }
        CompletableFuture<int[]> f = new CompletableFuture<>();
        c.subacks.put(id, f);
        c.write(packet(0x82, body.toByteArray()));
        int[] granted = await(c, f, id, "subscribe");
        for (int g : granted) {
            if (g == 0x80) throw new MqttException(MqttException.SUBSCRIBE_FAILED, "broker refused subscription to " + String.join(", ", topics));
        }
    }

    public void publish(String topic, MqttMessage m) throws MqttException {
        Connection c = live();
        ByteArrayOutputStream body = new ByteArrayOutputStream(topic.length() + m.getPayload().length + 8);
        writeString(body, topic);
        int flags = 0x30 | (m.getQos() << 1) | (m.isRetained() ? 1 : 0);
        if (m.getQos() == 0) {
            body.writeBytes(m.getPayload());
            c.write(packet(flags, body.toByteArray()));
            return;
        }
        int id = c.newId();
        writeShort(body, id);
        body.writeBytes(m.getPayload());
        CompletableFuture<int[]> f = new CompletableFuture<>();
        c.pubacks.put(id, f);
        c.write(packet(flags, body.toByteArray()));
        await(c, f, id, "publish to " + topic);
    }

    private int[] await(Connection c, CompletableFuture<int[]> f, int id, String what) throws MqttException {
        try {
            return f.get(timeToWaitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            c.pubacks.remove(id);
            c.subacks.remove(id);
            throw new MqttException(MqttException.TIMEOUT, what + ": no answer within " + timeToWaitMs + " ms");
        } catch (ExecutionException e) {
            throw new MqttException(MqttException.CONNECTION_LOST, what + ": connection lost", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(MqttException.CONNECTION_LOST, what + ": interrupted");
        }
    }

    private Connection live() throws MqttException {
        Connection c = conn;
        if (c == null || c.closed) throw new MqttException(MqttException.NOT_CONNECTED, "not connected");
        return c;
    }

    /** Sends DISCONNECT (the broker then discards the will) and closes; no connectionLost callback. */
    public void disconnect(long timeoutMs) throws MqttException {
        Connection c = conn;
        if (c == null || c.closed) return;
        c.userClosed = true;
        try {
            c.write(new byte[] {(byte) 0xE0, 0});
        } catch (MqttException ignored) {
            // closing anyway
        }
        c.closeQuietly();
        c.join(timeoutMs);
    }

    /** Closes the socket without DISCONNECT (the broker publishes the will); no connectionLost callback. */
    public void disconnectForcibly(long quiesceMs, long timeoutMs) throws MqttException {
        Connection c = conn;
        if (c == null) return;
        c.userClosed = true;
        c.closeQuietly();
        c.join(timeoutMs);
    }

    @Override
    public void close() {
        Connection c = conn;
        if (c == null) return;
        c.userClosed = true;
        c.closeQuietly();
        c.join(1000);
    }

    private byte[] connectPacket(MqttConnectOptions o) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeString(b, "MQTT");
        b.write(4); // protocol level 3.1.1
        int flags = o.isCleanSession() ? 0x02 : 0;
        if (o.getWillTopic() != null) {
            flags |= 0x04 | (o.getWillQos() << 3) | (o.isWillRetained() ? 0x20 : 0);
        }
        if (o.getUserName() != null) flags |= 0x80;
        if (o.getPassword() != null) flags |= 0x40;
        b.write(flags);
        writeShort(b, o.getKeepAliveInterval());
        writeString(b, clientId);
        if (o.getWillTopic() != null) {
            writeString(b, o.getWillTopic());
            writeShort(b, o.getWillPayload().length);
            b.writeBytes(o.getWillPayload());
        }
        if (o.getUserName() != null) writeString(b, o.getUserName());
        if (o.getPassword() != null) {
            byte[] p = new String(o.getPassword()).getBytes(StandardCharsets.UTF_8);
            writeShort(b, p.length);
            b.writeBytes(p);
        }
        return packet(0x10, b.toByteArray());
    }

    static byte[] packet(int header, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(body.length + 5);
        b.write(header);
        int len = body.length;
        do {
            int d = len % 128;
            len /= 128;
            if (len > 0) d |= 0x80;
            b.write(d);
        } while (len > 0);
        b.writeBytes(body);
        return b.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream b, int v) {
        b.write((v >> 8) & 0xFF);
        b.write(v & 0xFF);
    }

    private static void writeString(ByteArrayOutputStream b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeShort(b, bytes.length);
        b.writeBytes(bytes);
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    /** One network connection: its socket, its reader thread, its pending acknowledgements. */
    private final class Connection {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;
        final long keepAliveMs;
        final Map<Integer, CompletableFuture<int[]>> pubacks = new ConcurrentHashMap<>();
        final Map<Integer, CompletableFuture<int[]>> subacks = new ConcurrentHashMap<>();
        volatile boolean closed;
        volatile boolean userClosed;
        volatile long lastReceived = System.nanoTime();
        private Thread reader;

        Connection(Socket socket, int keepAliveSeconds) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024));
            this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            this.keepAliveMs = keepAliveSeconds * 1000L;
        }

        int readConnack() throws IOException {
            int h = in.readUnsignedByte();
            int len = readLength();
            byte[] body = new byte[len];
            in.readFully(body);
            if ((h & 0xF0) != 0x20 || len != 2) throw new IOException("expected CONNACK, got packet type " + (h >> 4));
            return body[1] & 0xFF;
        }

        void start() throws IOException {
            // Wake up at half the keep-alive to send PINGREQ when nothing else was received.
            socket.setSoTimeout(keepAliveMs > 0 ? (int) Math.max(500, keepAliveMs / 2) : 0);
            reader = new Thread(this::readLoop, "mqtt-" + clientId);
            reader.setDaemon(true);
            reader.start();
        }

        synchronized int newId() {
            synchronized (MqttClient.this) {
                do {
                    nextId = nextId % 65535 + 1;
                } while (pubacks.containsKey(nextId) || subacks.containsKey(nextId));
                return nextId;
            }
        }

        void write(byte[] packet) throws MqttException {
            try {
                synchronized (out) {
                    out.write(packet);
                    out.flush();
                }
            } catch (IOException e) {
                closeQuietly();
                throw new MqttException(MqttException.CONNECTION_LOST, "write failed: " + e.getMessage(), e);
            }
        }

        private int readLength() throws IOException {
            int len = 0;
            int mul = 1;
            for (int i = 0; i < 4; i++) {
                int d = in.readUnsignedByte();
                len += (d & 0x7F) * mul;
                if ((d & 0x80) == 0) return len;
                mul *= 128;
            }
            throw new IOException("malformed remaining length");
        }

        private void readLoop() {
            Throwable cause = null;
            try {
                while (!closed) {
                    int h;
                    try {
                        h = in.readUnsignedByte();
                    } catch (SocketTimeoutException idle) {
                        if (System.nanoTime() - lastReceived > TimeUnit.MILLISECONDS.toNanos(keepAliveMs * 3 / 2)) {
                            throw new IOException("no answer from the broker for " + keepAliveMs * 3 / 2 + " ms (keep-alive)");
                        }
                        write(new byte[] {(byte) 0xC0, 0}); // PINGREQ
                        continue;
                    }
                    int len = readLength();
                    byte[] body = new byte[len];
                    in.readFully(body);
                    lastReceived = System.nanoTime();
                    handle(h, body);
                }
            } catch (EOFException e) {
                cause = new IOException("connection closed by the broker");
            } catch (IOException | MqttException | RuntimeException e) {
                cause = e;
            } finally {
                closeQuietly();
                MqttException lost = new MqttException(MqttException.CONNECTION_LOST, "connection lost", cause);
                pubacks.values().forEach(f -> f.completeExceptionally(lost));
                subacks.values().forEach(f -> f.completeExceptionally(lost));
                MqttCallback cb = callback;
                if (!userClosed && cb != null) cb.connectionLost(cause == null ? lost : cause);
            }
        }

        private void handle(int h, byte[] body) throws MqttException {
            switch (h >> 4) {
                case 3 -> { // PUBLISH
                    int qos = (h >> 1) & 3;
                    int tlen = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
                    String topic = new String(body, 2, tlen, StandardCharsets.UTF_8);
                    int pos = 2 + tlen;
                    int id = 0;
                    if (qos > 0) {
                        id = ((body[pos] & 0xFF) << 8) | (body[pos + 1] & 0xFF);
                        pos += 2;
                    }
                    byte[] payload = java.util.Arrays.copyOfRange(body, pos, body.length);
                    MqttMessage m = new MqttMessage(payload);
                    m.setQos(Math.min(qos, 1));
                    m.setRetained((h & 1) != 0);
                    MqttCallback cb = callback;
                    if (cb != null) cb.messageArrived(topic, m);
                    if (qos == 1) write(new byte[] {0x40, 2, (byte) (id >> 8), (byte) id}); // PUBACK
                    // QoS 2 is never requested by this client; the broker downgrades to the subscription's QoS.
                }
                case 4 -> { // PUBACK
                    CompletableFuture<int[]> f = pubacks.remove(((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
                    if (f != null) f.complete(new int[0]);
                }
                case 9 -> { // SUBACK
                    CompletableFuture<int[]> f = subacks.remove(((body[0] & 0xFF) << 8) | (body[1] & 0xFF));
                    int[] codes = new int[body.length - 2];
                    for (int i = 2; i < body.length; i++) codes[i - 2] = body[i] & 0xFF;
                    if (f != null) f.complete(codes);
                }
                default -> {
                    // PINGRESP and anything else: nothing to do
                }
            }
        }

        void closeQuietly() {
            closed = true;
            MqttClient.closeQuietly(socket);
        }

        void join(long ms) {
            Thread r = reader;
            if (r == null || r == Thread.currentThread()) return;
            try {
                r.join(Math.max(1, ms));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
