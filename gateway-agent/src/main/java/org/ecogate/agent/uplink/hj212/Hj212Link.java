package org.ecogate.agent.uplink.hj212;

import org.ecogate.hj212.Cn;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.FrameReader;
import org.ecogate.hj212.Packet;
import org.ecogate.hj212.Splitter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One TCP connection to an HJ 212 platform: writes frames, and a reader thread that completes the wait for a
 * 9014 (9013 for a 2025 heartbeat) echoing a QN and hands every other packet (the platform's commands) to a consumer. Thread-safe for one sender
 * thread plus the reader. Trap: a frame that fails the length or CRC check is logged and dropped, never answered.
 */
final class Hj212Link implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hj212Link.class);
    private final String uplink;
    private final Socket socket;
    private final OutputStream out;
    private final CrcVariant crc;
    private final Map<String, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    private volatile boolean closed;

    Hj212Link(String uplink, String host, int port, Duration connectTimeout, CrcVariant crc,
              java.util.function.Consumer<Packet> requests) throws IOException {
        this.uplink = uplink;
        this.crc = crc;
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        this.out = s.getOutputStream();
        Thread t = new Thread(() -> read(requests), "hj212-" + uplink + "-reader");
        t.setDaemon(true);
        t.start();
    }

    private void read(java.util.function.Consumer<Packet> requests) {
        try {
            FrameReader r = new FrameReader(socket.getInputStream());
            for (byte[] f; (f = r.next()) != null; ) {
                Frame.Check c = Frame.check(f, crc);
                if (!c.ok()) {
                    log.warn("uplink {}: bad frame from the platform dropped: {}", uplink, c.problems().get(0));
                    continue;
                }
                Packet p = c.packet();
                if (Cn.DATA_ANSWER.equals(p.cn()) || Cn.NOTICE_ANSWER.equals(p.cn())) {
                    CompletableFuture<Void> w = p.qn() == null ? null : waiting.get(p.qn());
                    if (w != null) {
                        w.complete(null);
                    } else {
                        log.debug("uplink {}: {} for QN {} that nobody waits for (a late answer)", uplink, p.cn(), p.qn());
                    }
                } else {
                    requests.accept(p);
                }
            }
        } catch (IOException e) {
            if (!closed) log.info("uplink {}: connection lost: {}", uplink, e.getMessage());
        } finally {
            close();
        }
    }

    boolean isOpen() {
        return !closed;
    }

    /** Sends a packet (split into PNUM/PNO parts when too long) with no answer expected. */
    void send(Packet p) throws IOException {
        for (Packet part : Splitter.split(p)) {
            write(Frame.encode(part, crc));
        }
    }

    /**
     * Sends a packet whose Flag asks for an answer, each part waiting for its 9014 up to {@code timeout}, resent up to
     * {@code retries} times. Returns false when the platform never answered (the caller keeps the data for later).
     */
    boolean sendAcked(Packet p, Duration timeout, int retries) throws IOException, InterruptedException {
        for (Packet part : Splitter.split(p)) {
            byte[] frame = Frame.encode(part, crc);
            boolean acked = false;
            for (int attempt = 0; attempt <= retries && !acked; attempt++) {
                CompletableFuture<Void> w = new CompletableFuture<>();
                waiting.put(part.qn(), w);
                try {
                    write(frame);
                    w.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                    acked = true;
                } catch (TimeoutException e) {
                    if (closed) throw new IOException("connection closed while waiting for 9014 of QN " + part.qn());
                    log.debug("uplink {}: no 9014 for QN {} within {} ms (attempt {} of {})", uplink, part.qn(),
                            timeout.toMillis(), attempt + 1, retries + 1);
                } catch (ExecutionException e) {
                    throw new IOException("connection closed while waiting for 9014 of QN " + part.qn());
                } finally {
                    waiting.remove(part.qn());
                }
            }
            if (!acked) return false;
        }
        return true;
    }

    private void write(byte[] frame) throws IOException {
        if (closed) throw new IOException("connection closed");
        synchronized (out) {
            out.write(frame);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        waiting.values().forEach(w -> w.completeExceptionally(new IOException("connection closed")));
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
