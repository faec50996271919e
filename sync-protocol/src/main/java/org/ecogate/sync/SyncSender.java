package org.ecogate.sync;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.engine.Lane;
import org.ecogate.sync.internal.engine.LinkEstimator;
import org.ecogate.sync.internal.engine.Stream;

import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.MqttTransport;
import org.ecogate.sync.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway side of the protocol (PROTOCOL.md 7): one thread reads unacknowledged records from a {@link SenderSource}
 * and publishes them as signed batches, pipelined, streams in priority order. The decisions are the engine's: each
 * stream is an {@link Stream} with two {@link Lane}s (backlog, live lane), the window comes from the measured link
 * ({@link LinkEstimator}), readings linger up to {@code latency}. MQTT sits behind {@link Transport}. Resends on ack
 * timeout, reconnect, a gap ack or the platform's return; the receiver de-duplicates, so resending is always safe.
 * Birth/will/periodic status, {@link Command#RESEND} commands (gap repair).
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once. {@link #wakeUp()}, {@link #stats()},
 * {@link #progress()} and {@link #drain(Duration)} may be called from any thread; everything else runs on the
 * sender thread. Trap: {@link #drain} turns lingering off while it waits, so a stopping agent leaves nothing held.
 */
public final class SyncSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Transport transport;
    private final String ackTopic;
    private final String cmdTopic;
    private final String statusTopic;
    private final Map<String, StreamState> streams = new LinkedHashMap<>();
    private final ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Command> commands = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private final Thread thread;
    private volatile boolean running;
    private volatile boolean connected;
    private volatile boolean platformOnline; // the receiver (re)subscribed: what it missed must be resent now
    private volatile long idleStamp;
    private boolean woken;
    private boolean everConnected;
    private long lastStatusNanos;

    private final AtomicLong batchesSent = new AtomicLong();
    private final AtomicLong recordsSent = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong resends = new AtomicLong();
    private final AtomicLong acksReceived = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong badAcks = new AtomicLong();
    private final LinkEstimator link = new LinkEstimator();
    private volatile long rttMillis, linkRate, windowBytes;
    private volatile boolean flushing; // drain(): nothing lingers
    private long nextLook;             // nanoTime when a lingering lane is due, 0 if none

    /** Per stream: the engine's lanes plus the counters of {@link #progress()}. */
    private static final class StreamState {
        final Stream s;
        volatile double rate;
        long rateStampNanos;
        long rateBase;
        volatile long lastAckMillis;
        volatile long recs;
        volatile long bytes;

        StreamState(String name, int limit) {
            this.s = new Stream(name, limit);
        }
    }

    public SyncSender(SenderConfig cfg, SenderSource source) {
        this.cfg = cfg;
        this.source = source;
        this.ackTopic = Topics.ack(cfg.gateway());
        this.cmdTopic = Topics.command(cfg.gateway());
        this.statusTopic = Topics.status(cfg.gateway());
        for (String s : cfg.streams()) streams.put(s, new StreamState(s, cfg.batchMaxRecords()));
        try {
            this.transport = new MqttTransport(cfg.brokerUrl(), cfg.clientId(), cfg.username(), cfg.password(), cfg.tls(),
                    Math.max(2000, cfg.ackTimeout().toMillis()), Math.max(5000, cfg.ackTimeout().toMillis()), new Transport.Listener() {
                        @Override
                        public void lost(Throwable cause) {
                            connected = false;
                            log.warn("uplink: connection to {} lost: {}", cfg.brokerUrl(), reason(cause));
                            wakeUp();
                        }

                        @Override
                        public void message(String topic, byte[] payload, boolean retained) {
                            received(topic, payload, retained);
                        }
                    });
        } catch (MqttException e) {
            throw new IllegalArgumentException("uplink broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        this.thread = new Thread(this::loop, "sync-sender-" + cfg.gateway());
        this.thread.setDaemon(true);
    }

    /** An ack, command or platform-online message (on the transport's reader thread: never blocks). */
    private void received(String topic, byte[] payload, boolean retained) {
        try {
            if (topic.equals(Topics.PLATFORM_ONLINE)) {
                if (!retained) platformOnline = true;
            } else if (topic.equals(cmdTopic)) {
                Command c = SyncCodec.decodeCommand(payload, cfg.key(), cfg.key() != null);
                if (c.gateway().equals(cfg.gateway())) commands.add(c);
            } else {
                acks.add(SyncCodec.decodeAck(payload, cfg.key(), cfg.key() != null));
            }
            wakeUp();
        } catch (SyncFormatException e) {
            badAcks.incrementAndGet();
            log.warn("uplink: ignored {} message on {}: {}", e.code(), topic, e.getMessage());
        } catch (RuntimeException e) {
            badAcks.incrementAndGet();
            log.warn("uplink: ignored message on {}: {}", topic, e.toString());
        }
    }

    public void start() {
        running = true;
        thread.start();
    }

    /** Tells the sender that new records may be available. */
    public void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /**
     * Waits until the sender has seen every stream fully acknowledged at a moment after this call, at most
     * {@code max}. Returns whether that happened. Call after the producers stopped to empty the backlog.
     */
    public boolean drain(Duration max) {
        long t0 = System.nanoTime();
        long deadline = t0 + max.toNanos();
        flushing = true;
        wakeUp();
        try {
            while (System.nanoTime() < deadline) {
                if (idleStamp - t0 > 0) return true;
                if (!thread.isAlive()) return false;
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return false;
        } finally {
            flushing = false;
        }
    }

    public SenderStats stats() {
        return new SenderStats(connected, batchesSent.get(), recordsSent.get(), resends.get(), acksReceived.get(),
                reconnects.get(), bytesSent.get(), badAcks.get(), rttMillis, linkRate, windowBytes);
    }

    /** Per stream progress, in priority order. */
    public List<StreamProgress> progress() {
        List<StreamProgress> out = new ArrayList<>();
        long now = System.nanoTime();
        for (StreamState st : streams.values()) {
            double rate = st.rate;
            // decay the rate when nothing was acknowledged for a while
            long idleNs = now - st.rateStampNanos;
            if (st.rateStampNanos != 0 && idleNs > 10_000_000_000L) rate = 0;
            long liveAfter = st.s.liveAfter;
            out.add(new StreamProgress(st.s.name, st.s.backlog.acked, st.s.backlog.sent, st.s.backlog.inflight(), rate,
                    st.recs == 0 ? 0 : (double) st.bytes / st.recs, st.lastAckMillis, liveAfter,
                    liveAfter == 0 ? 0 : st.s.live.acked));
        }
        return out;
    }

    private void loop() {
        long backoff = cfg.reconnectMin().toMillis();
        boolean failing = false;
        while (running) {
            try {
                if (!connected || !transport.connected()) {
                    connected = false;
                    if (!connect(failing, backoff)) {
                        failing = true;
                        sleep(backoff);
                        backoff = Math.min(backoff * 2, cfg.reconnectMax().toMillis());
                        continue;
                    }
                    failing = false;
                    backoff = cfg.reconnectMin().toMillis();
                }
                handleAcks();
                if (platformOnline) resendAfterPlatformReturn();
                handleCommands();
                boolean sentSomething = sendAvailable();
                checkTimeouts();
                boolean idle = true;
                for (StreamState st : streams.values()) idle &= st.s.idle();
                if (idle) idleStamp = System.nanoTime();
                if (System.nanoTime() - lastStatusNanos > cfg.statusInterval().toNanos()) publishStatus(GatewayStatus.STATUS, null, null);
                if (!sentSomething) {
                    long wait = idle ? 1000 : 50;
                    if (nextLook != 0) wait = Math.max(1, Math.min(wait, (nextLook - System.nanoTime()) / 1_000_000 + 1));
                    waitForWork(wait);
                }
            } catch (MqttException e) {
                connected = false;
                log.warn("uplink: publish to {} failed: {}", cfg.brokerUrl(), reason(e));
                forceDisconnect();
            } catch (Exception e) {
                log.error("uplink: reading the buffer failed: {}", e.toString());
                sleep(1000);
            }
        }
    }

    private GatewayStatus status(String kind, String command, String detail) {
        List<GatewayStatus.StreamStatus> ss = new ArrayList<>();
        if (!GatewayStatus.WILL.equals(kind)) {
            for (StreamState st : streams.values()) {
                GatewayStatus.StreamStatus s = null;
                try {
                    s = source.streamStatus(st.s.name);
                } catch (Exception e) {
                    log.debug("uplink: stream status of {}: {}", st.s.name, e.toString());
                }
                ss.add(s != null ? s : new GatewayStatus.StreamStatus(st.s.name, st.s.backlog.acked, -1, -1, 0));
            }
        }
        return new GatewayStatus(cfg.gateway(), kind, System.currentTimeMillis(), cfg.epoch(),
                !GatewayStatus.WILL.equals(kind), ss, command, detail);
    }

    private void publishStatus(String kind, String command, String detail) throws MqttException {
        lastStatusNanos = System.nanoTime();
        transport.publish(statusTopic, SyncCodec.encode(status(kind, command, detail), cfg.key()), !GatewayStatus.RESULT.equals(kind));
    }

    private boolean connect(boolean failing, long backoff) throws Exception {
        try {
            String refused = transport.connect(statusTopic, SyncCodec.encode(status(GatewayStatus.WILL, null, null), cfg.key()),
                    new String[] {ackTopic, cmdTopic}, new String[] {Topics.PLATFORM_ONLINE});
            // an older ACL without the platform-online topic: resends then wait for the ack timeout
            if (refused != null && !everConnected) log.warn("uplink: cannot subscribe to {}", refused);
        } catch (MqttException e) {
            if (!failing) {
                log.warn("uplink: broker {} unreachable: {}; retrying with backoff up to {} s", cfg.brokerUrl(),
                        reason(e), cfg.reconnectMax().toSeconds());
            } else {
                log.debug("uplink: broker {} still unreachable ({}), next try in {} ms", cfg.brokerUrl(), reason(e), backoff);
            }
            forceDisconnect();
            return false;
        }
        connected = true;
        if (everConnected) reconnects.incrementAndGet();
        boolean hadInflight = false;
        long now = System.nanoTime();
        for (StreamState st : streams.values()) hadInflight |= st.s.onConnect(source.ackedThrough(st.s.name), now);
        if (hadInflight) resends.incrementAndGet();
        log.info("uplink: {} to {} as {}", everConnected ? "reconnected" : "connected", cfg.brokerUrl(), cfg.clientId());
        everConnected = true;
        publishStatus(GatewayStatus.BIRTH, null, null);
        return true;
    }

    /** The receiver came back: batches in flight were published while nobody listened; send them again now. */
    private void resendAfterPlatformReturn() {
        platformOnline = false;
        boolean any = false;
        for (StreamState st : streams.values()) any |= st.s.onPlatformOnline(System.nanoTime());
        if (any) {
            resends.incrementAndGet();
            log.info("uplink: the platform is back online; resending what it has not acknowledged");
        }
    }

    private void handleAcks() throws Exception {
        Ack a;
        while ((a = acks.poll()) != null) {
            StreamState st = streams.get(a.stream());
            if (st == null || a.epoch() != cfg.epoch() || !a.gateway().equals(cfg.gateway())) {
                log.debug("uplink: ignored ack for {}/{}/{}", a.gateway(), a.epoch(), a.stream());
                continue;
            }
            acksReceived.incrementAndGet();
            if (Ack.REJECTED.equals(a.status())) {
                log.error("uplink: platform rejected a {} batch ({}): {}", a.stream(), a.code(), a.reason());
                continue;
            }
            long now = System.nanoTime();
            Stream.AckResult r = st.s.onAck(a, now);
            for (Lane.InFlight f : r.completed()) link.onAck(now, f.sentNanos(), f.bytes());
            if (r.resend()) resends.incrementAndGet();
            if (r.newAcked() >= 0) {
                source.acked(a.stream(), cfg.epoch(), r.newAcked());
                st.lastAckMillis = System.currentTimeMillis();
                updateRate(st, now);
            }
        }
        rttMillis = link.rttMillis();
        linkRate = link.bytesPerSecond();
        windowBytes = window();
    }

    /** Bytes a lane may have in flight: twice the measured rate x round trip, at least two target batches. */
    private long window() {
        return link.windowBytes(2L * targetBatchBytes(), (long) cfg.window() * cfg.batchMaxBytes());
    }

    /**
     * The batch size to aim for: a quarter second of the measured link (so live batches never queue long behind
     * a backlog batch on a slow link or platform), at least 16 KiB (the start), at most {@code batchMaxBytes}.
     */
    private int targetBatchBytes() {
        long rate = link.bytesPerSecond(); // 0 before the first estimate: start small, grow with the acks
        return (int) Math.min(cfg.batchMaxBytes(), Math.max(16 * 1024, rate / 4));
    }

    private static void updateRate(StreamState st, long now) {
        long acked = st.s.backlog.acked;
        if (st.rateStampNanos == 0) {
            st.rateStampNanos = now;
            st.rateBase = acked;
            return;
        }
        long dt = now - st.rateStampNanos;
        if (dt < 500_000_000L) return;
        double inst = (acked - st.rateBase) * 1e9 / dt;
        double alpha = Math.min(1.0, dt / 10e9);
        st.rate = st.rate == 0 ? inst : st.rate + alpha * (inst - st.rate);
        st.rateStampNanos = now;
        st.rateBase = acked;
    }

    private void handleCommands() throws MqttException {
        Command c;
        while ((c = commands.poll()) != null) {
            StreamState st = streams.get(c.stream());
            String detail;
            if (c.epoch() != cfg.epoch()) {
                detail = "epoch " + c.epoch() + " is not this buffer's epoch " + cfg.epoch() + ": nothing to resend";
            } else if (st == null) {
                detail = "unknown stream " + c.stream();
            } else {
                st.s.onResendCommand(c.from(), System.nanoTime());
                resends.incrementAndGet();
                detail = "resending " + c.stream() + " from seq " + c.from() + " (records the buffer no longer holds are skipped)";
            }
            log.info("uplink: platform command {} {}: {}", c.id(), c.cmd(), detail);
            publishStatus(GatewayStatus.RESULT, c.id(), detail);
        }
    }

    private boolean sendAvailable() throws Exception {
        boolean sent = false;
        nextLook = 0;
        long horizon = System.currentTimeMillis() - cfg.historicalAfter().toMillis();
        long win = window();
        for (StreamState st : streams.values()) {
            Stream s = st.s;
            s.backlogEmpty = false;
            // the live lane first: new records ahead of the backlog
            while (s.liveAfter > 0 && s.live.hasRoom(cfg.window(), win) && running) {
                List<SyncRecord> recs = source.recordsAfter(s.name, s.live.sent, s.limit);
                if (recs.isEmpty() || holds(st, s.live, recs)) break;
                Batch b = Batch.of(cfg.gateway(), cfg.epoch(), s.name, s.live.sent, recs, recs.get(0).ts() < horizon, true);
                if (!publish(st, s.live, b)) continue;
                sent = true;
                handleAcks();
            }
            while (s.backlog.hasRoom(cfg.window(), win) && running) {
                List<SyncRecord> recs = source.recordsAfter(s.name, s.backlog.sent, s.limit);
                if (recs.isEmpty()) {
                    s.backlogEmpty = true;
                    if (s.liveLaneStuckEmpty()) {
                        // the lane was opened above the source's newest record (a document stream's counter runs
                        // ahead of its records after a crash) and never got one: nothing can merge it, so drop it
                        log.info("uplink: {} backlog sent; the empty live lane after seq {} is closed", s.name, s.liveAfter);
                        s.closeLive();
                    }
                    break;
                }
                boolean historical = recs.get(0).ts() < horizon;
                if (historical && s.liveAfter == 0 && cfg.liveFirst() && !s.liveRefused) openLive(s, recs);
                if (s.liveAfter > 0) {
                    int n = 0;
                    while (n < recs.size() && recs.get(n).seq() <= s.liveAfter) n++;
                    if (n == 0) {
                        // nothing of the backlog left below the lane (records dropped by quota): one record from
                        // above bridges the hole, so the platform's watermark reaches the lane and they merge
                        if (!s.backlog.idle() || s.backlog.acked >= s.liveAfter) {
                            s.backlogEmpty = true;
                            break;
                        }
                        n = 1;
                    }
                    if (n < recs.size()) recs = recs.subList(0, n);
                } else if (!historical && holds(st, s.backlog, recs)) {
                    break;
                }
                Batch b = Batch.of(cfg.gateway(), cfg.epoch(), s.name, s.backlog.sent, recs, historical);
                if (!publish(st, s.backlog, b)) continue;
                sent = true;
                handleAcks();
            }
            // a higher-priority stream with work left keeps the lower ones waiting for its window
        }
        return sent;
    }

    /** Whether new records of a lingering stream wait for more company (PROTOCOL.md 7, latency). */
    private boolean holds(StreamState st, Lane lane, List<SyncRecord> recs) {
        boolean fresh = recs.get(0).seq() > lane.maxSent();
        long due = lane.lingerDecision(System.nanoTime(), cfg.latency().toNanos(), cfg.lingering().contains(st.s.name),
                recs.size() >= st.s.limit, fresh, flushing || !running);
        if (due == 0) return false;
        if (nextLook == 0 || due - nextLook < 0) nextLook = due;
        return true; // not idle: a drain() must see these records sent and acknowledged
    }

    /** Opens a live lane above the buffer's newest record when the backlog ahead of it is more than one batch. */
    private void openLive(Stream s, List<SyncRecord> backlogHead) throws Exception {
        long last = source.lastSeq(s.name);
        if (last <= backlogHead.get(backlogHead.size() - 1).seq()) return;
        s.openLive(last, System.nanoTime());
        log.info("uplink: {} backlog of seq {}..{}: new records go ahead of it on a live lane", s.name,
                backlogHead.get(0).seq(), last);
    }

    /** Encodes and publishes {@code b} on {@code lane}; false (nothing sent) when it was over the byte limit and the batch size was halved. */
    private boolean publish(StreamState st, Lane lane, Batch b) throws MqttException {
        byte[] payload = SyncCodec.encode(b, cfg.encoding(), cfg.key());
        int n = b.records().size();
        Stream s = st.s;
        if (payload.length > cfg.batchMaxBytes() && n > 1) {
            s.limit = Math.max(1, n / 2);
            return false;
        }
        int target = targetBatchBytes();
        if (payload.length < target / 2 && n == s.limit) {
            s.limit = Math.min(SyncCodec.MAX_RECORDS, s.limit * 2); // grow toward the target
        } else if (payload.length > 2 * target && n > 1) {
            s.limit = Math.max(1, n / 2); // the link got slower: smaller batches from the next one on
        }
        long now = System.nanoTime();
        if (allIdle()) link.idle(now);
        transport.publish(Topics.batch(cfg.gateway(), s.name), payload, false); // pipelined: the platform's ack counts
        lane.sentBatch(b.last(), payload.length, now);
        st.recs += n;
        st.bytes += payload.length;
        batchesSent.incrementAndGet();
        recordsSent.addAndGet(n);
        bytesSent.addAndGet(payload.length);
        return true;
    }

    private boolean allIdle() {
        for (StreamState st : streams.values()) if (!st.s.backlog.idle() || !st.s.live.idle()) return false;
        return true;
    }

    private void checkTimeouts() throws MqttException {
        long stalled = transport.stalledMillis();
        if (stalled > cfg.ackTimeout().toMillis()) {
            // the broker acknowledged nothing for that long: the link is dead or half-open
            throw new MqttException(MqttException.TIMEOUT, "no PUBACK from the broker for " + stalled + " ms");
        }
        long now = System.nanoTime();
        for (StreamState st : streams.values()) {
            resends.addAndGet(st.s.checkTimeouts(now, cfg.ackTimeout().toNanos(), cfg.ackTimeout().toMillis()));
        }
    }

    private void waitForWork(long ms) {
        synchronized (signal) {
            if (!woken && acks.isEmpty() && commands.isEmpty()) {
                try {
                    signal.wait(ms);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            woken = false;
        }
    }

    private void sleep(long ms) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (signal) {
            long left;
            while (running && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }

    private void forceDisconnect() {
        transport.drop();
    }

    static String reason(Throwable t) {
        if (t == null) return "unknown";
        String msg = t.getMessage();
        Throwable c = t.getCause();
        if (c != null && c.getMessage() != null) msg = (msg == null ? "" : msg + ": ") + c.getMessage();
        return msg == null ? t.getClass().getSimpleName() : msg;
    }

    /**
     * Stops the sender thread and closes the MQTT connection (a clean disconnect: the broker does not publish the
     * will, so an offline status is published first). Records not yet acknowledged stay in the source.
     */
    @Override
    public void close() {
        running = false;
        wakeUp();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (transport.connected()) {
                transport.publishAndWait(statusTopic, SyncCodec.encode(status(GatewayStatus.WILL, null, null), cfg.key()), true);
                transport.disconnect();
            }
        } catch (MqttException e) {
            forceDisconnect();
        }
        transport.close();
        connected = false;
    }
}
