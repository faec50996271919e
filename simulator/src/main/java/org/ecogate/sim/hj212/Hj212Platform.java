package org.ecogate.sim.hj212;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ecogate.hj212.Cn;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.FrameReader;
import org.ecogate.hj212.Hj212Version;
import org.ecogate.hj212.Packet;
import org.ecogate.hj212.QnClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated HJ 212 platform (central station): listens on TCP, checks length and CRC of every frame, stores it
 * ({@link FrameStore}), answers each upload with Flag A by a 9014 echoing its QN (a 2025 heartbeat 9015 by 9013), and can send commands (re-send a
 * time range, time query, ...) to a connected site. Fault knobs: drop acks, close connections, stop/start.
 * Thread-safe; one reader thread per connection. Trap: the store is written before the 9014 is sent.
 */
public final class Hj212Platform implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Hj212Platform.class);
    private final FrameStore store;
    private final CrcVariant variant;
    private final Clock clock;
    private final QnClock qn;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Map<String, Site> sites = new ConcurrentHashMap<>();
    private volatile boolean dropAcks;
    private volatile ServerSocket server;

    /** Where a site (MN) was last heard from, and the ST/PW/version it used. */
    private record Site(Socket socket, String st, String pw, int versionBits) {
    }

    public Hj212Platform(FrameStore store, CrcVariant variant, Clock clock) {
        this.store = store;
        this.variant = variant;
        this.clock = clock;
        this.qn = new QnClock(clock, ZoneId.of("Asia/Shanghai"));
    }

    /** Binds and accepts in a daemon thread; returns the bound port (0 picks a free one). */
    public synchronized int start(InetAddress host, int port) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(host, port));
        server = s;
        Thread t = new Thread(() -> accept(s), "hj212-platform-accept");
        t.setDaemon(true);
        t.start();
        log.info("hj212 platform listening on {}:{}", host.getHostAddress(), s.getLocalPort());
        return s.getLocalPort();
    }

    /** Platform down: stops listening and drops every connection (start again on the same port to come back). */
    public synchronized void stop() {
        ServerSocket s = server;
        server = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        closeConnections();
    }

    public void setDropAcks(boolean drop) {
        dropAcks = drop;
        log.info("hj212 platform: acks {}", drop ? "dropped" : "sent");
    }

    public void closeConnections() {
        for (Socket c : connections) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    public int connectionCount() {
        return connections.size();
    }

    public FrameStore store() {
        return store;
    }

    /** Asks site {@code mn} to re-send {@code cn} data of [begin, end] (YYYYMMDDhhmmss); returns the request QN. */
    public String requestResend(String mn, String cn, String begin, String end) throws IOException {
        return command(mn, cn, Cp.builder().item("BeginTime", begin).item("EndTime", end).build());
    }

    /** Sends a command with Flag A to site {@code mn} on its last connection; returns the QN used. */
    public String command(String mn, String cn, Cp cp) throws IOException {
        Site site = sites.get(mn);
        if (site == null || site.socket().isClosed()) {
            throw new IOException("site " + mn + " is not connected");
        }
        String q = qn.next();
        int flag = (site.versionBits() << 2) | 1;
        send(site.socket(), new Packet(q, site.st(), cn, site.pw(), mn, flag, cp));
        log.info("hj212 platform: sent CN={} QN={} to {}", cn, q, mn);
        return q;
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket c = s.accept();
                c.setTcpNoDelay(true);
                connections.add(c);
                Thread t = new Thread(() -> serve(c), "hj212-platform-" + c.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!s.isClosed()) {
                    log.warn("hj212 platform: accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(Socket c) {
        String peer = c.getRemoteSocketAddress().toString();
        try (c) {
            FrameReader r = new FrameReader(c.getInputStream());
            for (byte[] f; (f = r.next()) != null; ) {
                handle(c, peer, Frame.check(f, variant));
            }
        } catch (SocketException e) {
            // closed by us or the site
        } catch (Exception e) {
            log.warn("hj212 platform: connection {} failed: {}", peer, e.toString());
        } finally {
            connections.remove(c);
        }
    }

    private void handle(Socket c, String peer, Frame.Check check) throws Exception {
        Packet p = check.packet();
        if (!check.ok()) {
            store.add(clock.millis(), peer, check, false);
            log.warn("hj212 platform: bad frame from {}: {}", peer, check.problems().get(0));
            return;
        }
        int bits = p.flag() == null ? Hj212Version.V2017.bits() : p.flag() >> 2;
        sites.put(p.mn(), new Site(c, p.st(), p.pw(), bits));
        boolean upload = p.cn().startsWith("2") || p.cn().startsWith("3");
        boolean heartbeat = Cn.HEARTBEAT_2025.equals(p.cn());
        boolean ack = (upload || heartbeat) && p.ackRequested() && !dropAcks;
        store.add(clock.millis(), peer, check, ack);
        if (ack) { // 9014 for data, 9013 for a 2025 heartbeat (caoyiliang/HJ212 GB.SendHeartbeat waits for CN9013Rsp)
            send(c, new Packet(p.qn(), "91", heartbeat ? Cn.NOTICE_ANSWER : Cn.DATA_ANSWER, p.pw(), p.mn(), bits << 2, Cp.EMPTY));
        }
    }

    private void send(Socket c, Packet p) throws IOException {
        byte[] frame = Frame.encode(p, variant);
        synchronized (c) {
            OutputStream out = c.getOutputStream();
            out.write(frame);
            out.flush();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
