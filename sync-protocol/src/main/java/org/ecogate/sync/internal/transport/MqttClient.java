package org.ecogate.sync.internal.transport;

import javax.net.SocketFactory;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal MQTT 3.1.1 client (QoS 0 and 1, clean or persistent session, will, TLS, user name/password): what the
 * sync protocol needs and nothing more (Paho 1.2.5 cost ~300 ms per reconnect and leaked threads on quick drops).
 * QoS 1 publishes are pipelined: up to {@code maxInflight} unacknowledged on the wire ({@link #publishAsync});
 * incoming packets are bounded ({@code maxIncomingBytes}: a larger publish is skipped and reported), writes time
 * out, protocol violations close the connection (§4.8), and every connection has an id that its loss callback carries.
 *
 * <p>Thread-safe: publish/subscribe may be called from several threads. Callbacks run on the reader thread and
 * must not block. Reusable: after a lost connection, {@link #connect} opens a new one (two threads per connection,
 * both ending with it).
 */
public final class MqttClient implements AutoCloseable {
    /** Per-connection limits: see the setters. */
    record Limits(int maxInflight, int maxIncomingBytes, long writeTimeoutMs, int tickMs) {}

    /** The largest packet the broker may send by default: a sync message (8 MiB) plus topic, under an eighth of the heap. */
    public static final int DEFAULT_MAX_INCOMING = (int) Math.min(8 * 1024 * 1024 + 64 * 1024, Runtime.getRuntime().maxMemory() / 8);
    private static final int MAX_REMAINING = 268_435_455;
    private static final AtomicLong CONNECTIONS = new AtomicLong();

    private final String host;
    private final int port;
    private final boolean tls;
    private final String clientId;
    private volatile MqttCallback callback;
    private volatile long timeToWaitMs = 10_000;
    private volatile int maxInflight = 64;
    private volatile int maxIncomingBytes = DEFAULT_MAX_INCOMING;
    private volatile long writeTimeoutMs = 20_000;
    private volatile MqttConnection conn;

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
        if (clientId == null || clientId.isEmpty() || utf8(clientId).length > 65535) {
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "client id must be 1..65535 bytes");
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

    /** QoS 1 publishes on the wire awaiting PUBACK (from the next connection on). */
    public void setMaxInflight(int n) {
        if (n < 1 || n > 65535) throw new IllegalArgumentException("maxInflight must be 1..65535");
        this.maxInflight = n;
    }

    /**
     * The largest packet accepted from the broker. A larger PUBLISH is read past without being held and reported to
     * {@link MqttCallback#messageOversized} (the connection stays up); any other larger packet closes the connection.
     */
    public void setMaxIncomingBytes(int bytes) {
        if (bytes < 64) throw new IllegalArgumentException("maxIncomingBytes must be >= 64");
        this.maxIncomingBytes = bytes;
    }

    /** A write that makes no progress for this long closes the connection (a stalled or half-open link). */
    public void setWriteTimeout(long ms) {
        this.writeTimeoutMs = Math.max(100, ms);
    }

    public boolean isConnected() {
        MqttConnection c = conn;
        return c != null && !c.closed;
    }

    /** The id of the current (or last) connection, 0 before the first; loss callbacks carry it. */
    public long connectionId() {
        MqttConnection c = conn;
        return c == null ? 0 : c.id;
    }

    /** QoS 1 publishes of the current connection awaiting PUBACK. */
    public int inflight() {
        MqttConnection c = conn;
        return c == null || c.closed ? 0 : c.inflight();
    }

    /** How long the current connection's QoS 1 publishes have waited without any PUBACK (0: none outstanding). */
    public long stalledMillis() {
        MqttConnection c = conn;
        return c == null || c.closed ? 0 : c.stalledMillis();
    }

    public synchronized void connect(MqttConnectOptions o) throws MqttException {
        if (isConnected()) throw new MqttException(MqttException.ALREADY_CONNECTED, "already connected");
        byte[] connect = connectPacket(o); // field lengths checked before any I/O
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
            int tick = (int) Math.max(50, Math.min(500, Math.min(writeTimeoutMs / 4,
                    o.getKeepAliveInterval() > 0 ? o.getKeepAliveInterval() * 250L : 500)));
            MqttConnection c = new MqttConnection(CONNECTIONS.incrementAndGet(), s,
                    new Limits(maxInflight, maxIncomingBytes, writeTimeoutMs, tick), o.getKeepAliveInterval(), callbackRelay());
            int rc = c.handshake(connect);
            if (rc != 0) {
                c.close(0);
                throw new MqttException(rc, "broker refused the connection: " + connackReason(rc));
            }
            conn = c;
            c.start(clientId);
        } catch (IOException e) {
            closeQuietly(s);
            throw new MqttException(MqttException.SERVER_CONNECT_ERROR, "cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private MqttCallback callbackRelay() {
        return new MqttCallback() {
            @Override
            public void connectionLost(long connectionId, Throwable cause) {
                MqttCallback cb = callback;
                if (cb != null) cb.connectionLost(connectionId, cause);
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                MqttCallback cb = callback;
                if (cb != null) cb.messageArrived(topic, message);
            }

            @Override
            public void messageOversized(String topic, int bytes) {
                MqttCallback cb = callback;
                if (cb != null) cb.messageOversized(topic, bytes);
            }
        };
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
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeShort(body, 0); // id, set below
        for (int i = 0; i < topics.length; i++) {
            writeString(body, "topic filter", topics[i]);
            body.write(qos[i]);
        }
        MqttConnection c = live();
        int id = c.newId();
        byte[] b = body.toByteArray();
        b[0] = (byte) (id >> 8);
        b[1] = (byte) id;
        CompletableFuture<int[]> f = new CompletableFuture<>();
        c.subacks.put(id, f);
        c.send(packet(0x82, b));
        int[] granted = await(f, "subscribe");
        for (int g : granted) {
            if (g == 0x80) throw new MqttException(MqttException.SUBSCRIBE_FAILED, "broker refused subscription to " + String.join(", ", topics));
        }
    }

    /** Publishes and, for QoS 1, waits for the PUBACK (the packet id stays reserved if the wait times out). */
    public void publish(String topic, MqttMessage m) throws MqttException {
        await(publishAsync(topic, m), "publish to " + topic);
    }

    /**
     * Queues a publish; for QoS 1 first waits (up to the wait time) for room in the in-flight window. The future
     * completes on PUBACK (QoS 0: at once) or fails when the connection is lost. Field lengths are checked here.
     */
    public CompletableFuture<Void> publishAsync(String topic, MqttMessage m) throws MqttException {
        byte[] t = utf8(topic);
        if (t.length == 0 || t.length > 65535) throw new IllegalArgumentException("topic must be 1..65535 bytes, is " + t.length);
        long remaining = 2L + t.length + (m.getQos() > 0 ? 2 : 0) + m.getPayload().length;
        if (remaining > MAX_REMAINING) throw new IllegalArgumentException("message of " + remaining + " bytes is over MQTT's 256 MB limit");
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) remaining);
        writeShort(body, t.length);
        body.writeBytes(t);
        int flags = 0x30 | (m.getQos() << 1) | (m.isRetained() ? 1 : 0);
        MqttConnection c = live();
        if (m.getQos() == 0) {
            body.writeBytes(m.getPayload());
            c.send(packet(flags, body.toByteArray()));
            return CompletableFuture.completedFuture(null);
        }
        if (!c.acquire(timeToWaitMs)) {
            throw new MqttException(MqttException.TIMEOUT, "publish to " + topic + ": " + c.inflight()
                    + " publishes unacknowledged for " + timeToWaitMs + " ms");
        }
        int id;
        try {
            id = c.newId();
        } catch (MqttException e) {
            c.release();
            throw e;
        }
        writeShort(body, id);
        body.writeBytes(m.getPayload());
        CompletableFuture<int[]> f = new CompletableFuture<>();
        c.pubacks.put(id, f);
        if (c.closed && c.pubacks.remove(id) != null) throw new MqttException(MqttException.NOT_CONNECTED, "not connected");
        c.send(packet(flags, body.toByteArray()));
        return f.thenApply(x -> null);
    }

    private <T> T await(CompletableFuture<T> f, String what) throws MqttException {
        try {
            return f.get(timeToWaitMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new MqttException(MqttException.TIMEOUT, what + ": no answer within " + timeToWaitMs + " ms");
        } catch (ExecutionException e) {
            throw new MqttException(MqttException.CONNECTION_LOST, what + ": connection lost", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(MqttException.CONNECTION_LOST, what + ": interrupted");
        }
    }

    private MqttConnection live() throws MqttException {
        MqttConnection c = conn;
        if (c == null || c.closed) throw new MqttException(MqttException.NOT_CONNECTED, "not connected");
        return c;
    }

    /** Sends DISCONNECT (the broker then discards the will) and closes; no connectionLost callback. */
    public void disconnect(long timeoutMs) throws MqttException {
        MqttConnection c = conn;
        if (c == null || c.closed) return;
        c.disconnect(timeoutMs);
    }

    /** Closes the socket without DISCONNECT (the broker publishes the will); no connectionLost callback. */
    public void disconnectForcibly(long quiesceMs, long timeoutMs) throws MqttException {
        MqttConnection c = conn;
        if (c != null) c.close(timeoutMs);
    }

    @Override
    public void close() {
        MqttConnection c = conn;
        if (c != null) c.close(1000);
    }

    private byte[] connectPacket(MqttConnectOptions o) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeString(b, "protocol name", "MQTT");
        b.write(4); // protocol level 3.1.1
        int flags = o.isCleanSession() ? 0x02 : 0;
        if (o.getWillTopic() != null) {
            flags |= 0x04 | (o.getWillQos() << 3) | (o.isWillRetained() ? 0x20 : 0);
        }
        if (o.getUserName() != null) flags |= 0x80;
        if (o.getPassword() != null) flags |= 0x40;
        b.write(flags);
        if (o.getKeepAliveInterval() < 0 || o.getKeepAliveInterval() > 65535) {
            throw new IllegalArgumentException("keep-alive must be 0..65535 s");
        }
        writeShort(b, o.getKeepAliveInterval());
        writeString(b, "client id", clientId);
        if (o.getWillTopic() != null) {
            writeString(b, "will topic", o.getWillTopic());
            writeBytes(b, "will payload", o.getWillPayload());
        }
        if (o.getUserName() != null) writeString(b, "user name", o.getUserName());
        if (o.getPassword() != null) writeBytes(b, "password", new String(o.getPassword()).getBytes(StandardCharsets.UTF_8));
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

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void writeShort(ByteArrayOutputStream b, int v) {
        b.write((v >> 8) & 0xFF);
        b.write(v & 0xFF);
    }

    /** A 2-byte-length field: over 65,535 bytes is refused here, never truncated on the wire. */
    private static void writeBytes(ByteArrayOutputStream b, String what, byte[] bytes) {
        if (bytes.length > 65535) throw new IllegalArgumentException(what + " is " + bytes.length + " bytes; MQTT allows 65,535");
        writeShort(b, bytes.length);
        b.writeBytes(bytes);
    }

    private static void writeString(ByteArrayOutputStream b, String what, String s) {
        writeBytes(b, what, utf8(s));
    }

    private static void closeQuietly(Socket s) {
        if (s == null) return;
        try {
            s.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
