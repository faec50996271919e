package org.ecogate.sync;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.transport.MqttSupport;

import org.ecogate.sync.internal.transport.MqttCallback;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttConnectOptions;
import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway side of the protocol (PROTOCOL.md "Sender"): one thread reads unacknowledged records from a
 * {@link SenderSource}, publishes them as signed batches (QoS 1) with up to {@code window} batches in flight per
 * stream, streams served in priority order, and reports acks back to the source. On ack timeout, reconnect or a
 * {@code gap} ack it resends from the last acknowledged record; the receiver de-duplicates, so resending is
 * always safe. When a stream's next record is historical, new records go ahead of the backlog on a live lane
 * (PROTOCOL.md 7.1) if the receiver keeps live ranges; the buffer frees records only up to the contiguous
 * watermark. Publishes a retained birth status on connect, has the broker publish a will on connection loss,
 * publishes a status every {@code statusInterval}, and obeys {@link Command#RESEND} commands (gap repair).
 *
 * <p>Uses ecogate's own minimal MQTT 3.1.1 client ({@link org.ecogate.sync.internal.transport.MqttClient}; Paho 1.2.5 cost
 * ~300 ms per reconnect and leaked a thread on quick drops), no client-side persistence (the buffer is the durable
 * store), and its own reconnect loop with exponential backoff that also retries the first connect.
 *
 * <p>Lifecycle: {@link #start()} once, {@link #close()} once. {@link #wakeUp()}, {@link #stats()},
 * {@link #progress()} and {@link #drain(Duration)} may be called from any thread.
 */
public final class SyncSender implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final MqttClient client;
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

    private static final class StreamState {
        final String name;
        volatile long acked;
        volatile long sentThrough;
        final ArrayDeque<Long> inflight = new ArrayDeque<>();
        long lastProgressNanos;
        boolean backlogEmpty;
        int limit;
        volatile double rate;
        long rateStampNanos;
        long rateBase;
        volatile long lastAckMillis;
        volatile long recs;
        volatile long bytes;
        // live lane (PROTOCOL.md 7.1): new records (liveAfter, ...] go ahead of the backlog (acked, liveAfter]
        volatile long liveAfter;       // 0: no lane
        volatile long liveAcked;       // the platform holds (liveAfter, liveAcked]
        volatile long liveSent;
        final ArrayDeque<Long> liveInflight = new ArrayDeque<>();
        long liveProgressNanos;
        boolean liveRefused;           // the receiver keeps no live range: strictly in order

        StreamState(String name, int limit) {
            this.name = name;
            this.limit = limit;
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
            this.client = new MqttClient(cfg.brokerUrl(), cfg.clientId());
        } catch (MqttException e) {
            throw new IllegalArgumentException("uplink broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        // fail early on unreadable TLS files
        MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(), 16);
        client.setTimeToWait(Math.max(2000, cfg.ackTimeout().toMillis()));
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                log.warn("uplink: connection to {} lost: {}", cfg.brokerUrl(), reason(cause));
                wakeUp();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                try {
                    if (topic.equals(cmdTopic)) {
                        Command c = SyncCodec.decodeCommand(message.getPayload(), cfg.key(), cfg.key() != null);
                        if (c.gateway().equals(cfg.gateway())) commands.add(c);
                    } else {
                        acks.add(SyncCodec.decodeAck(message.getPayload(), cfg.key(), cfg.key() != null));
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
        });
        this.thread = new Thread(this::loop, "sync-sender-" + cfg.gateway());
        this.thread.setDaemon(true);
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
        wakeUp();
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
    }

    public SenderStats stats() {
        return new SenderStats(connected, batchesSent.get(), recordsSent.get(), resends.get(), acksReceived.get(),
                reconnects.get(), bytesSent.get(), badAcks.get());
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
            out.add(new StreamProgress(st.name, st.acked, st.sentThrough, st.inflight.size(), rate,
                    st.recs == 0 ? 0 : (double) st.bytes / st.recs, st.lastAckMillis, st.liveAfter,
                    st.liveAfter == 0 ? 0 : st.liveAcked));
        }
        return out;
    }

    private void loop() {
        long backoff = cfg.reconnectMin().toMillis();
        boolean failing = false;
        while (running) {
            try {
                if (!connected || !client.isConnected()) {
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
                handleCommands();
                boolean sentSomething = sendAvailable();
                checkTimeouts();
                boolean idle = true;
                for (StreamState st : streams.values()) idle &= st.backlogEmpty && st.inflight.isEmpty() && st.liveAfter == 0;
                if (idle) idleStamp = System.nanoTime();
                if (System.nanoTime() - lastStatusNanos > cfg.statusInterval().toNanos()) publishStatus(GatewayStatus.STATUS, null, null);
                if (!sentSomething) waitForWork(idle ? 1000 : 50);
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
                    s = source.streamStatus(st.name);
                } catch (Exception e) {
                    log.debug("uplink: stream status of {}: {}", st.name, e.toString());
                }
                ss.add(s != null ? s : new GatewayStatus.StreamStatus(st.name, st.acked, -1, -1, 0));
            }
        }
        return new GatewayStatus(cfg.gateway(), kind, System.currentTimeMillis(), cfg.epoch(),
                !GatewayStatus.WILL.equals(kind), ss, command, detail);
    }

    private void publishStatus(String kind, String command, String detail) throws MqttException {
        lastStatusNanos = System.nanoTime();
        MqttMessage m = new MqttMessage(SyncCodec.encode(status(kind, command, detail), cfg.key()));
        m.setQos(1);
        m.setRetained(!GatewayStatus.RESULT.equals(kind));
        client.publish(statusTopic, m);
    }

    private boolean connect(boolean failing, long backoff) throws Exception {
        MqttConnectOptions o = MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(),
                Math.max(16, cfg.window() * streams.size() * 2 + 8));
        o.setWill(statusTopic, SyncCodec.encode(status(GatewayStatus.WILL, null, null), cfg.key()), 1, true);
        try {
            client.connect(o);
            client.subscribe(new String[] {ackTopic, cmdTopic}, new int[] {1, 1});
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
        for (StreamState st : streams.values()) {
            hadInflight |= !st.inflight.isEmpty() || st.sentThrough > st.acked;
            st.acked = Math.max(st.acked, source.ackedThrough(st.name));
            st.sentThrough = st.acked;
            st.inflight.clear();
            st.backlogEmpty = false;
            hadInflight |= !st.liveInflight.isEmpty();
            rewindLive(st, st.liveAcked);
            if (st.liveAfter > 0 && st.acked >= st.liveAfter) closeLive(st); // merged while we were away
        }
        if (hadInflight) resends.incrementAndGet();
        log.info("uplink: {} to {} as {}", everConnected ? "reconnected" : "connected", cfg.brokerUrl(), cfg.clientId());
        everConnected = true;
        publishStatus(GatewayStatus.BIRTH, null, null);
        return true;
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
            liveAck(st, a, now);
            boolean popped = false;
            while (!st.inflight.isEmpty() && st.inflight.peekFirst() <= a.ackedThrough()) {
                st.inflight.pollFirst();
                popped = true;
            }
            if (popped) st.lastProgressNanos = now;
            if (a.ackedThrough() > st.acked) {
                st.acked = a.ackedThrough();
                source.acked(a.stream(), cfg.epoch(), st.acked);
                st.lastProgressNanos = now;
                st.lastAckMillis = System.currentTimeMillis();
                updateRate(st, now);
                if (st.sentThrough < st.acked) {
                    st.sentThrough = st.acked;
                    st.inflight.clear();
                }
            }
            if (Ack.GAP.equals(a.status()) && !Ack.LIVE_UNSUPPORTED.equals(a.code())) {
                long from = Math.min(a.ackedThrough(), st.acked);
                if (a.ackedThrough() < st.acked) {
                    log.warn("uplink: platform holds {} only through {} (acknowledged through {} before): resending "
                            + "what the buffer still holds from there", a.stream(), a.ackedThrough(), st.acked);
                } else {
                    log.info("uplink: platform reports a gap in {} after seq {}; resending from there", a.stream(), a.ackedThrough());
                }
                if (st.sentThrough > from) rewind(st, from);
            }
        }
    }

    /** Follows the platform's view of the live lane in {@code a} (the receiver's state is authoritative). */
    private void liveAck(StreamState st, Ack a, long now) {
        if (Ack.LIVE_UNSUPPORTED.equals(a.code())) {
            if (!st.liveRefused) {
                log.info("uplink: the platform stores {} in order only; sending it without a live lane", st.name);
            }
            st.liveRefused = true;
            if (st.liveAfter > 0) closeLive(st);
            return;
        }
        if (a.hasLive()) {
            if (st.liveAfter != a.liveAfter()) {
                log.info("uplink: platform holds {} live through seq {} (live lane opened after seq {}); continuing that lane",
                        st.name, a.liveThrough(), a.liveAfter());
                st.liveAfter = a.liveAfter();
                st.liveAcked = a.liveThrough();
                rewindLive(st, a.liveThrough());
            } else if (a.liveThrough() > st.liveAcked) {
                st.liveAcked = a.liveThrough();
                st.liveProgressNanos = now;
            }
            while (!st.liveInflight.isEmpty() && st.liveInflight.peekFirst() <= st.liveAcked) st.liveInflight.pollFirst();
            // behind the platform, or a gap: go on from what the platform holds
            if (st.liveSent < st.liveAcked || Ack.GAP.equals(a.status())) rewindLive(st, st.liveAcked);
            return;
        }
        if (st.liveAfter == 0) return;
        if (a.ackedThrough() >= st.liveAfter) {
            // the backlog reached the lane: the platform merged them; lane batches in flight now follow the watermark
            log.info("uplink: {} backlog caught up with the live lane at seq {}", st.name, st.liveAfter);
            st.sentThrough = Math.max(st.sentThrough, st.liveSent);
            st.inflight.clear();
            st.inflight.addAll(st.liveInflight);
            st.liveAfter = 0;
            st.liveInflight.clear();
        } else if (Ack.GAP.equals(a.status()) && st.liveAcked > st.liveAfter) {
            // the platform confirmed a lane before and holds none now (its store was restored): start over in order
            log.warn("uplink: platform no longer holds the live range of {} after seq {}; resending in order", st.name, st.liveAfter);
            closeLive(st);
        }
    }

    /** Drops the lane on this side: its records are sent again on the watermark path (the receiver de-duplicates). */
    private void closeLive(StreamState st) {
        st.liveAfter = 0;
        st.liveAcked = 0;
        st.liveSent = 0;
        st.liveInflight.clear();
    }

    /** Sends the live lane again from {@code to} (the receiver de-duplicates). */
    private static void rewindLive(StreamState st, long to) {
        st.liveSent = to;
        st.liveInflight.clear();
        st.liveProgressNanos = System.nanoTime();
    }

    private static void updateRate(StreamState st, long now) {
        if (st.rateStampNanos == 0) {
            st.rateStampNanos = now;
            st.rateBase = st.acked;
            return;
        }
        long dt = now - st.rateStampNanos;
        if (dt < 500_000_000L) return;
        double inst = (st.acked - st.rateBase) * 1e9 / dt;
        double alpha = Math.min(1.0, dt / 10e9);
        st.rate = st.rate == 0 ? inst : st.rate + alpha * (inst - st.rate);
        st.rateStampNanos = now;
        st.rateBase = st.acked;
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
                if (st.sentThrough >= c.from()) rewind(st, c.from() - 1);
                if (st.liveAfter > 0 && c.from() - 1 >= st.liveAfter && st.liveSent >= c.from()) rewindLive(st, c.from() - 1);
                detail = "resending " + c.stream() + " from seq " + c.from() + " (records the buffer no longer holds are skipped)";
            }
            log.info("uplink: platform command {} {}: {}", c.id(), c.cmd(), detail);
            publishStatus(GatewayStatus.RESULT, c.id(), detail);
        }
    }

    private boolean sendAvailable() throws Exception {
        boolean sent = false;
        long horizon = System.currentTimeMillis() - cfg.historicalAfter().toMillis();
        for (StreamState st : streams.values()) {
            st.backlogEmpty = false;
            // the live lane first: new records ahead of the backlog
            while (st.liveAfter > 0 && st.liveInflight.size() < cfg.window() && running) {
                List<SyncRecord> recs = source.recordsAfter(st.name, st.liveSent, st.limit);
                if (recs.isEmpty()) break;
                Batch b = Batch.of(cfg.gateway(), cfg.epoch(), st.name, st.liveSent, recs, recs.get(0).ts() < horizon, true);
                if (!publish(st, b)) continue;
                if (st.liveInflight.isEmpty()) st.liveProgressNanos = System.nanoTime();
                st.liveInflight.addLast(b.last());
                st.liveSent = b.last();
                sent = true;
                handleAcks();
            }
            while (st.inflight.size() < cfg.window() && running) {
                List<SyncRecord> recs = source.recordsAfter(st.name, st.sentThrough, st.limit);
                if (recs.isEmpty()) {
                    st.backlogEmpty = true;
                    break;
                }
                boolean historical = recs.get(0).ts() < horizon;
                if (historical && st.liveAfter == 0 && cfg.liveFirst() && !st.liveRefused) openLive(st, recs);
                if (st.liveAfter > 0) {
                    int n = 0;
                    while (n < recs.size() && recs.get(n).seq() <= st.liveAfter) n++;
                    if (n == 0) {
                        // nothing of the backlog left below the lane (records dropped by quota): one record from
                        // above bridges the hole, so the platform's watermark reaches the lane and they merge
                        if (!st.inflight.isEmpty() || st.acked >= st.liveAfter) {
                            st.backlogEmpty = true;
                            break;
                        }
                        n = 1;
                    }
                    if (n < recs.size()) recs = recs.subList(0, n);
                }
                Batch b = Batch.of(cfg.gateway(), cfg.epoch(), st.name, st.sentThrough, recs, historical);
                if (!publish(st, b)) continue;
                if (st.inflight.isEmpty()) st.lastProgressNanos = System.nanoTime();
                st.inflight.addLast(b.last());
                st.sentThrough = b.last();
                sent = true;
                handleAcks();
            }
            // a higher-priority stream with work left keeps the lower ones waiting for its window
        }
        return sent;
    }

    /** Opens a live lane above the buffer's newest record when the backlog ahead of it is more than one batch. */
    private void openLive(StreamState st, List<SyncRecord> backlogHead) throws Exception {
        long last = source.lastSeq(st.name);
        if (last <= backlogHead.get(backlogHead.size() - 1).seq()) return;
        st.liveAfter = last;
        st.liveAcked = last;
        rewindLive(st, last);
        log.info("uplink: {} backlog of seq {}..{}: new records go ahead of it on a live lane", st.name,
                backlogHead.get(0).seq(), last);
    }

    /** Encodes and publishes {@code b}; false (nothing sent) when it was over the byte limit and the batch size was halved. */
    private boolean publish(StreamState st, Batch b) throws MqttException {
        byte[] payload = SyncCodec.encode(b, cfg.encoding(), cfg.key());
        int n = b.records().size();
        if (payload.length > cfg.batchMaxBytes() && n > 1) {
            st.limit = Math.max(1, n / 2);
            return false;
        }
        if (payload.length < cfg.batchMaxBytes() / 3 && n == st.limit) {
            st.limit = Math.min(cfg.batchMaxRecords(), st.limit * 2);
        }
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        client.publish(Topics.batch(cfg.gateway(), st.name), m);
        st.recs += n;
        st.bytes += payload.length;
        batchesSent.incrementAndGet();
        recordsSent.addAndGet(n);
        bytesSent.addAndGet(payload.length);
        return true;
    }

    private void checkTimeouts() {
        long now = System.nanoTime();
        for (StreamState st : streams.values()) {
            if (!st.inflight.isEmpty() && now - st.lastProgressNanos > cfg.ackTimeout().toNanos()) {
                log.warn("uplink: no ack for {} within {} ms; resending {} from seq {}", st.name,
                        cfg.ackTimeout().toMillis(), st.name, st.acked + 1);
                rewind(st, st.acked);
            }
            if (!st.liveInflight.isEmpty() && now - st.liveProgressNanos > cfg.ackTimeout().toNanos()) {
                log.warn("uplink: no ack for the {} live lane within {} ms; resending it from seq {}", st.name,
                        cfg.ackTimeout().toMillis(), st.liveAcked + 1);
                rewindLive(st, st.liveAcked);
                resends.incrementAndGet();
            }
        }
    }

    private void rewind(StreamState st, long to) {
        st.sentThrough = to;
        st.inflight.clear();
        st.backlogEmpty = false;
        st.lastProgressNanos = System.nanoTime();
        resends.incrementAndGet();
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
        try {
            if (client.isConnected()) client.disconnectForcibly(0, 500);
        } catch (MqttException ignored) {
            // already gone
        }
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
            if (client.isConnected()) {
                MqttMessage m = new MqttMessage(SyncCodec.encode(status(GatewayStatus.WILL, null, null), cfg.key()));
                m.setQos(1);
                m.setRetained(true);
                client.publish(statusTopic, m);
                client.disconnect(1000);
            }
        } catch (MqttException e) {
            forceDisconnect();
        }
        client.close();
        connected = false;
    }
}
