package org.ecogate.sync.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that behaves like a thin, hostile uplink between a client and a target port: one-way delay,
 * a bandwidth cap with a bounded bottleneck queue (so TCP back-pressure reaches the sender), stalls, silent drops
 * (half-open connections), accept-then-close, and a silent peer that accepts and never answers (a broker that never
 * sends CONNACK). It counts the TCP payload bytes it delivers in each direction. Thread-safe; every connection owns
 * four daemon threads (reader + paced writer per direction) that end when the connection or the emulator closes.
 */
public final class LinkEmulator implements AutoCloseable {
    /** What a new connection meets. */
    public enum Mode {
        /** Forwarded to the target through the link model. */
        FORWARD,
        /** Accepted, then closed at once. */
        ACCEPT_THEN_CLOSE,
        /** Accepted, read and discarded, never answered, never closed: a peer that never sends CONNACK. */
        SILENT
    }

    private final ServerSocket server;
    private final int targetPort;
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final AtomicLong upBytes = new AtomicLong(), downBytes = new AtomicLong(), accepted = new AtomicLong();
    private final Thread acceptor;
    private volatile long oneWayDelayNanos;
    private volatile long bytesPerSecond; // 0 = unlimited
    private volatile int queueBytes = 256 * 1024;
    private volatile long stalledUntil; // System.nanoTime() deadline; 0 = none
    private volatile Mode mode = Mode.FORWARD;

    /** A proxy on a free port of 127.0.0.1 in front of {@code targetPort} (also on 127.0.0.1). */
    public LinkEmulator(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "link-emu-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Sets the round trip the link adds (half of it each way). */
    public LinkEmulator roundTrip(Duration rtt) {
        this.oneWayDelayNanos = rtt.toNanos() / 2;
        return this;
    }

    /** Caps each direction at {@code bitsPerSecond} (0 = unlimited). */
    public LinkEmulator bandwidth(long bitsPerSecond) {
        this.bytesPerSecond = bitsPerSecond / 8;
        return this;
    }

    /** Bytes each direction may hold queued in the link before the reader stops reading (back-pressure). */
    public LinkEmulator queue(int bytes) {
        this.queueBytes = bytes;
        return this;
    }

    public LinkEmulator mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** Nothing moves in either direction for {@code d} (data queues up and is delivered after). */
    public void stall(Duration d) {
        stalledUntil = System.nanoTime() + d.toNanos();
    }

    /**
     * Every current connection goes silent: nothing more is read or delivered in either direction (the peers' send
     * buffers fill up and their writes block) and nothing is closed on either side: a half-open link, as after a
     * NAT timeout or a dead cell. New connections are unaffected.
     */
    public void dropSilently() {
        for (Conn c : conns) c.blackholed = true;
    }

    /** Closes the silently dropped connections (as a NAT finally forgets them); the peers see a FIN if they still listen. */
    public void reapSilent() {
        for (Conn c : conns) if (c.blackholed) c.close();
    }

    /** Closes every current connection on both sides (the peers see a reset or FIN). */
    public void cutAll() {
        for (Conn c : conns) c.close();
    }

    public String url() {
        return "tcp://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** TCP payload bytes delivered client → target. */
    public long upBytes() {
        return upBytes.get();
    }

    /** TCP payload bytes delivered target → client. */
    public long downBytes() {
        return downBytes.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Connections currently open through the emulator. */
    public int openConnections() {
        return conns.size();
    }

    public void resetCounters() {
        upBytes.set(0);
        downBytes.set(0);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            accepted.incrementAndGet();
            Mode m = mode;
            if (m == Mode.ACCEPT_THEN_CLOSE) {
                closeQuietly(client);
                continue;
            }
            Socket target = null;
            if (m == Mode.FORWARD) {
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    target.setTcpNoDelay(true);
                } catch (IOException targetDown) {
                    closeQuietly(client); // like a refused connection
                    continue;
                }
            }
            try {
                client.setTcpNoDelay(true);
            } catch (IOException ignored) {
                // best effort
            }
            Conn c = new Conn(client, target);
            c.blackholed = m == Mode.SILENT;
            conns.add(c);
            c.start();
        }
    }

    /** One proxied connection: two directions, each a reader feeding a bounded queue and a paced writer. */
    private final class Conn {
        final Socket client, target;
        volatile boolean blackholed, closed;

        Conn(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            if (target == null) { // SILENT: read and discard until closed
                thread(() -> drain(client), "link-emu-silent").start();
                return;
            }
            new Direction(client, target, upBytes, "up").start();
            new Direction(target, client, downBytes, "down").start();
        }

        private void drain(Socket s) {
            byte[] buf = new byte[8192];
            try (InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // discarded
                }
            } catch (IOException ignored) {
                // closed
            } finally {
                close();
            }
        }

        void close() {
            if (closed) return;
            closed = true;
            closeQuietly(client);
            if (target != null) closeQuietly(target);
            conns.remove(this);
            synchronized (this) {
                notifyAll();
            }
        }

        /** One direction: arrival-stamped chunks, delivered at max(arrival, link free) + transmit time + delay. */
        private final class Direction {
            private final Socket from, to;
            private final AtomicLong counter;
            private final String name;
            private final ArrayDeque<long[]> times = new ArrayDeque<>(); // {deliverAtNanos}
            private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
            private int queued;
            private long linkFreeAt;

            Direction(Socket from, Socket to, AtomicLong counter, String name) {
                this.from = from;
                this.to = to;
                this.counter = counter;
                this.name = name;
            }

            void start() {
                thread(this::read, "link-emu-" + name + "-read").start();
                thread(this::write, "link-emu-" + name + "-write").start();
            }

            private void read() {
                byte[] buf = new byte[8192];
                try (InputStream in = from.getInputStream()) {
                    int n;
                    while ((n = in.read(buf, 0, chunkSize())) >= 0) {
                        if (blackholed) {
                            // nothing is acknowledged any more: stop reading, so the sender's buffers fill up
                            synchronized (Conn.this) {
                                while (!closed) Conn.this.wait(200);
                            }
                            return;
                        }
                        long now = System.nanoTime();
                        long bps = bytesPerSecond;
                        synchronized (Conn.this) {
                            while (queued >= queueBytes && !closed) Conn.this.wait(50);
                            if (closed) return;
                            long start = Math.max(now, linkFreeAt);
                            linkFreeAt = bps > 0 ? start + n * 1_000_000_000L / bps : start;
                            times.add(new long[] {linkFreeAt + oneWayDelayNanos});
                            byte[] chunk = new byte[n];
                            System.arraycopy(buf, 0, chunk, 0, n);
                            chunks.add(chunk);
                            queued += n;
                            Conn.this.notifyAll();
                        }
                    }
                } catch (IOException | InterruptedException ignored) {
                    // closed or cut
                } finally {
                    close();
                }
            }

            private int chunkSize() {
                long bps = bytesPerSecond;
                return bps > 0 ? (int) Math.max(256, Math.min(8192, bps / 200)) : 8192; // ~5 ms of link per chunk
            }

            private void write() {
                try (OutputStream out = to.getOutputStream()) {
                    while (!closed) {
                        byte[] chunk;
                        long at;
                        synchronized (Conn.this) {
                            while (chunks.isEmpty() && !closed) Conn.this.wait(50);
                            if (closed) return;
                            at = times.peek()[0];
                            chunk = chunks.peek();
                        }
                        sleepUntil(Math.max(at, stalledUntil));
                        while (stalledUntil - System.nanoTime() > 0) sleepUntil(stalledUntil);
                        synchronized (Conn.this) {
                            times.poll();
                            chunks.poll();
                            queued -= chunk.length;
                            Conn.this.notifyAll();
                        }
                        if (blackholed) continue;
                        counter.addAndGet(chunk.length); // before the write: a reader woken by it sees the count
                        out.write(chunk);
                    }
                } catch (IOException | InterruptedException ignored) {
                    // closed or cut
                } finally {
                    close();
                }
            }
        }
    }

    private static void sleepUntil(long deadline) throws InterruptedException {
        long wait = deadline - System.nanoTime();
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    /** Stops accepting and closes every connection; their threads end within ~50 ms. */
    @Override
    public void close() {
        closeQuietly(server);
        cutAll();
        try {
            acceptor.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(ServerSocket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
