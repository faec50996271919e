package org.ecogate.sync.internal.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One network connection of a {@link MqttClient}: a reader thread (packets in, keep-alive and write watchdog on a
 * short tick) and a writer thread (the only one that touches the socket's output), so a blocked write can never
 * stall keep-alive or acks. Packet ids stay allocated until their PUBACK/SUBACK or the end of the connection, so an
 * id is never reused while the broker may still answer it. Thread-safe. Trap: {@link #fail} is the single exit:
 * it closes the socket, fails every pending future, wakes blocked publishers and calls back once.
 */
final class MqttConnection {
    private static final byte[] POISON = new byte[0];

    final long id;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final MqttClient.Limits limits;
    private final long keepAliveNanos;
    private final MqttCallback callback;
    final Map<Integer, CompletableFuture<int[]>> pubacks = new ConcurrentHashMap<>();
    final Map<Integer, CompletableFuture<int[]>> subacks = new ConcurrentHashMap<>();
    private final Semaphore window;
    private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    private final AtomicBoolean ended = new AtomicBoolean();
    volatile boolean closed;
    volatile boolean userClosed;
    private volatile long lastReceived = System.nanoTime();
    private volatile long lastSent = System.nanoTime();
    private volatile long writeStarted; // 0: no write in progress
    private volatile long pubackProgress = System.nanoTime(); // last PUBACK, or when the window last became non-empty
    private int nextId;
    private Thread reader, writer;

    MqttConnection(long id, Socket socket, MqttClient.Limits limits, int keepAliveSeconds, MqttCallback callback) throws IOException {
        this.id = id;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
        this.limits = limits;
        this.keepAliveNanos = TimeUnit.SECONDS.toNanos(keepAliveSeconds);
        this.callback = callback;
        this.window = new Semaphore(limits.maxInflight());
    }

    /** Sends CONNECT and reads CONNACK on the caller's thread (the socket's timeout bounds the wait). */
    int handshake(byte[] connect) throws IOException {
        out.write(connect);
        out.flush();
        int h = in.read();
        if (h < 0) throw new EOFException("connection closed before CONNACK");
        int len = readLength(false);
        if (h != 0x20 || len != 2) throw new IOException("expected CONNACK, got packet type " + (h >> 4) + " of " + len + " bytes");
        byte[] body = readBody(2, false);
        return body[1] & 0xFF;
    }

    void start(String name) throws IOException {
        socket.setSoTimeout(limits.tickMs());
        reader = thread(this::readLoop, "mqtt-" + name);
        writer = thread(this::writeLoop, "mqtt-w-" + name);
        reader.start();
        writer.start();
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    synchronized int newId() throws MqttException {
        for (int i = 0; i < 65535; i++) {
            nextId = nextId % 65535 + 1;
            if (!pubacks.containsKey(nextId) && !subacks.containsKey(nextId)) return nextId;
        }
        throw new MqttException(MqttException.TIMEOUT, "all 65,535 packet ids are outstanding");
    }

    /** Waits up to {@code ms} for room in the in-flight window; false on timeout. */
    boolean acquire(long ms) throws MqttException {
        try {
            if (window.availablePermits() == limits.maxInflight()) pubackProgress = System.nanoTime();
            boolean ok = window.tryAcquire(ms, TimeUnit.MILLISECONDS);
            if (closed) {
                if (ok) window.release();
                throw new MqttException(MqttException.NOT_CONNECTED, "not connected");
            }
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MqttException(MqttException.CONNECTION_LOST, "interrupted");
        }
    }

    void release() {
        window.release();
    }

    /** How long QoS 1 publishes have waited without any PUBACK (0 when none is outstanding). */
    long stalledMillis() {
        return inflight() == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pubackProgress);
    }

    int inflight() {
        return limits.maxInflight() - window.availablePermits();
    }

    void send(byte[] packet) throws MqttException {
        if (closed) throw new MqttException(MqttException.NOT_CONNECTED, "not connected");
        outbox.add(packet);
    }

    private void writeLoop() {
        try {
            while (!closed) {
                byte[] p = outbox.poll(200, TimeUnit.MILLISECONDS);
                if (p == null || p == POISON) continue;
                writeStarted = System.nanoTime();
                int n = 0;
                do {
                    out.write(p);
                    n += p.length;
                } while (n < 64 * 1024 && (p = outbox.poll()) != null && p != POISON);
                out.flush();
                lastSent = System.nanoTime();
                writeStarted = 0;
            }
        } catch (IOException e) {
            fail(new IOException("write failed: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            fail(e);
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                int h = readByte(true);
                int len = readLength(true);
                if (len > limits.maxIncomingBytes()) {
                    if (h >> 4 != 3) {
                        throw new ProtocolViolation("the broker announced a packet of " + len + " bytes (limit "
                                + limits.maxIncomingBytes() + ")");
                    }
                    skipPublish(h & 0x0F, len); // hostile or broken publisher: read past it, keep the connection
                    lastReceived = System.nanoTime();
                    continue;
                }
                byte[] body = readBody(len, true);
                lastReceived = System.nanoTime();
                handle(h, body);
            }
        } catch (EOFException e) {
            fail(new IOException("connection closed by the broker"));
        } catch (IOException | MqttException | RuntimeException e) {
            fail(e);
        }
    }

    /** Runs on every read tick: write watchdog and keep-alive. */
    private void tick() throws IOException, MqttException {
        long now = System.nanoTime();
        long ws = writeStarted;
        if (ws != 0 && now - ws > TimeUnit.MILLISECONDS.toNanos(limits.writeTimeoutMs())) {
            throw new IOException("a write blocked for more than " + limits.writeTimeoutMs() + " ms (link stalled)");
        }
        if (keepAliveNanos <= 0) return;
        if (now - lastReceived > keepAliveNanos * 3 / 2) {
            throw new IOException("no answer from the broker for " + TimeUnit.NANOSECONDS.toMillis(keepAliveNanos * 3 / 2) + " ms (keep-alive)");
        }
        if ((now - lastReceived > keepAliveNanos / 2 || now - lastSent > keepAliveNanos / 2) && outbox.isEmpty() && ws == 0) {
            lastSent = now;
            send(new byte[] {(byte) 0xC0, 0}); // PINGREQ
        }
    }

    private int readByte(boolean ticking) throws IOException, MqttException {
        while (true) {
            try {
                int b = in.read();
                if (b < 0) throw new EOFException();
                return b;
            } catch (SocketTimeoutException t) {
                if (!ticking) throw t;
                tick();
            }
        }
    }

    private int readLength(boolean ticking) throws IOException {
        int len = 0;
        int mul = 1;
        try {
            for (int i = 0; i < 4; i++) {
                int d = readByte(ticking);
                len += (d & 0x7F) * mul;
                if ((d & 0x80) == 0) return len;
                mul *= 128;
            }
        } catch (MqttException e) {
            throw new IOException(e.getMessage(), e);
        }
        throw new ProtocolViolation("malformed remaining length");
    }

    private byte[] readBody(int len, boolean ticking) throws IOException {
        byte[] b = new byte[len];
        int off = 0;
        while (off < len) {
            try {
                int r = in.read(b, off, len - off);
                if (r < 0) throw new EOFException();
                off += r;
            } catch (SocketTimeoutException t) {
                if (!ticking) throw t;
                try {
                    tick();
                } catch (MqttException e) {
                    throw new IOException(e.getMessage(), e);
                }
            }
        }
        return b;
    }

    private void handle(int h, byte[] body) throws IOException, MqttException {
        int type = h >> 4;
        int flags = h & 0x0F;
        switch (type) {
            case 3 -> publish(flags, body);
            case 4 -> { // PUBACK
                check(flags == 0 && body.length == 2, "PUBACK");
                CompletableFuture<int[]> f = pubacks.remove(id(body, 0));
                if (f != null) {
                    pubackProgress = System.nanoTime();
                    window.release();
                    f.complete(new int[0]);
                }
            }
            case 9 -> { // SUBACK
                check(flags == 0 && body.length >= 3, "SUBACK");
                CompletableFuture<int[]> f = subacks.remove(id(body, 0));
                int[] codes = new int[body.length - 2];
                for (int i = 2; i < body.length; i++) codes[i - 2] = body[i] & 0xFF;
                if (f != null) f.complete(codes);
            }
            case 11, 13 -> check(flags == 0, type == 11 ? "UNSUBACK" : "PINGRESP"); // nothing to do
            case 14 -> throw new ProtocolViolation("the broker sent DISCONNECT, which a server must never send");
            default -> throw new ProtocolViolation("unexpected packet type " + type + " from the broker");
        }
    }

    private void publish(int flags, byte[] body) throws IOException, MqttException {
        int qos = (flags >> 1) & 3;
        if (qos == 3) throw new ProtocolViolation("PUBLISH with QoS 3");
        if (qos == 2) throw new ProtocolViolation("PUBLISH with QoS 2 on a subscription of QoS 1 or less");
        check(body.length >= 2, "PUBLISH");
        int tlen = id(body, 0);
        int pos = 2 + tlen;
        check(pos + (qos > 0 ? 2 : 0) <= body.length, "PUBLISH topic");
        String topic = new String(body, 2, tlen, StandardCharsets.UTF_8);
        int pid = 0;
        if (qos > 0) {
            pid = id(body, pos);
            pos += 2;
        }
        MqttMessage m = new MqttMessage(Arrays.copyOfRange(body, pos, body.length));
        m.setQos(qos);
        m.setRetained((flags & 1) != 0);
        if (callback != null) callback.messageArrived(topic, m);
        if (qos == 1) send(new byte[] {0x40, 2, (byte) (pid >> 8), (byte) pid}); // PUBACK
    }

    /**
     * An oversized PUBLISH: reads its topic and packet id, discards the payload in 64 KiB steps (never holding it),
     * reports it to {@link MqttCallback#messageOversized} and acknowledges it like any other message.
     */
    private void skipPublish(int flags, int len) throws IOException, MqttException {
        int qos = (flags >> 1) & 3;
        if (qos > 1) throw new ProtocolViolation("PUBLISH with QoS " + qos);
        byte[] head = readBody(Math.min(len, 2 + 65535 + 2), true);
        int tlen = id(head, 0);
        int pos = 2 + tlen;
        check(pos + (qos > 0 ? 2 : 0) <= head.length, "PUBLISH topic");
        String topic = new String(head, 2, tlen, StandardCharsets.UTF_8);
        int pid = qos > 0 ? id(head, pos) : 0;
        long left = (long) len - head.length;
        byte[] sink = new byte[64 * 1024];
        while (left > 0) {
            int n = readInto(sink, (int) Math.min(sink.length, left));
            left -= n;
        }
        if (callback != null) callback.messageOversized(topic, len);
        if (qos == 1) send(new byte[] {0x40, 2, (byte) (pid >> 8), (byte) pid}); // PUBACK: the broker must not resend it
    }

    /** Reads 1..max bytes into {@code b}, ticking keep-alive while the link is quiet. */
    private int readInto(byte[] b, int max) throws IOException, MqttException {
        while (true) {
            try {
                int r = in.read(b, 0, max);
                if (r < 0) throw new EOFException();
                if (r > 0) return r;
            } catch (SocketTimeoutException t) {
                tick();
            }
        }
    }

    private static int id(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static void check(boolean ok, String what) throws ProtocolViolation {
        if (!ok) throw new ProtocolViolation("malformed " + what + " from the broker");
    }

    /** MQTT 3.1.1 §4.8: on a protocol violation the client closes the network connection. */
    static final class ProtocolViolation extends IOException {
        ProtocolViolation(String message) {
            super("protocol violation: " + message);
        }
    }

    /** Ends the connection once: closes the socket, fails pending work, calls back unless the user closed it. */
    void fail(Throwable cause) {
        closed = true;
        if (!ended.compareAndSet(false, true)) return;
        closeSocket();
        outbox.add(POISON);
        MqttException lost = new MqttException(MqttException.CONNECTION_LOST, "connection lost", cause);
        pubacks.values().forEach(f -> f.completeExceptionally(lost));
        subacks.values().forEach(f -> f.completeExceptionally(lost));
        window.release(limits.maxInflight() + 1024); // wake blocked publishers: they see closed
        if (!userClosed && callback != null) callback.connectionLost(id, cause);
    }

    /** Closes on the user's request: no callback. */
    void close(long joinMs) {
        userClosed = true;
        fail(new IOException("closed"));
        join(reader, joinMs);
        join(writer, joinMs);
    }

    /** Queues DISCONNECT and gives the writer up to {@code ms} to send it. */
    void disconnect(long ms) {
        userClosed = true;
        if (!closed) outbox.add(new byte[] {(byte) 0xE0, 0});
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while ((!outbox.isEmpty() || writeStarted != 0) && !closed && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close(ms);
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private static void join(Thread t, long ms) {
        if (t == null || t == Thread.currentThread()) return;
        try {
            t.join(Math.max(1, ms));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
