package org.ecogate.sync;

import org.ecogate.sync.internal.codec.Protocol;
import org.ecogate.sync.internal.engine.BatchSizer;
import org.ecogate.sync.internal.engine.Lane;
import org.ecogate.sync.internal.engine.LinkEstimator;
import org.ecogate.sync.internal.engine.Stream;
import org.ecogate.sync.internal.engine.StreamMeter;
import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The sending half of {@link SyncSender} (PROTOCOL.md 7, 7.1): per round, serves the streams in priority order, each
 * its live lane before its backlog, reads the next records from the {@link SenderSource}, lets lingering records
 * wait, opens a live lane ahead of a backlog, and publishes batches sized by {@link BatchSizer}. Sender thread only
 * (the counters may be read anywhere). Trap: acks are pumped between publishes, so lanes may change under a round.
 */
final class BatchDispatcher {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class);

    /** Per stream: the engine's lanes, the figures of {@link SyncSender#progress()}, its protocol's encoder, its topic. */
    record StreamState(Stream s, StreamMeter meter, Protocol.StreamCodec codec, String topic) {}

    /** Handles the acks that arrived (between publishes, so windows open as soon as possible). */
    interface AckPump {
        void run() throws Exception;
    }

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Transport transport;
    private final List<StreamState> streams;
    private final LinkEstimator link;
    private final BatchSizer sizer;
    private final BooleanSupplier running;
    private final AckPump acks;
    final AtomicLong batches = new AtomicLong(), records = new AtomicLong(), bytes = new AtomicLong();
    private boolean stopping; // drain() or close(): nothing lingers
    private long nextLook;    // nanoTime when a lingering lane is due, 0 if none

    BatchDispatcher(SenderConfig cfg, SenderSource source, Transport transport, List<StreamState> streams,
                    LinkEstimator link, BatchSizer sizer, BooleanSupplier running, AckPump acks) {
        this.cfg = cfg;
        this.source = source;
        this.transport = transport;
        this.streams = streams;
        this.link = link;
        this.sizer = sizer;
        this.running = running;
        this.acks = acks;
    }

    /** When the earliest lingering lane of the last round is due (nanoTime), 0 if none. */
    long nextLook() {
        return nextLook;
    }

    /** Serves the streams in priority order, each its live lane first; true when a batch left. */
    boolean send(boolean stopping) throws Exception {
        this.stopping = stopping;
        boolean sent = false;
        nextLook = 0;
        long horizon = System.currentTimeMillis() - cfg.historicalAfter().toMillis();
        long win = sizer.window(link, cfg.window());
        for (StreamState st : streams) {
            Stream s = st.s();
            s.startRound();
            if (s.paused(System.nanoTime())) { // the platform answered busy: wait, then probe (PROTOCOL.md 5.1)
                if (nextLook == 0 || s.pausedUntil() - nextLook < 0) nextLook = s.pausedUntil();
                continue;
            }
            for (Lane lane : List.of(s.live(), s.backlog())) { // new records ahead of the backlog
                while (running.getAsBoolean() && (lane == s.backlog() || s.liveAfter() > 0) && lane.hasRoom(s.window(cfg.window()), win)) {
                    Batch b = lane == s.live() ? nextLive(s, horizon) : nextBacklog(s, horizon);
                    if (b == null) break;
                    if (publish(st, lane, b)) {
                        sent = true;
                        acks.run();
                    }
                }
            }
            // a higher-priority stream with work left keeps the lower ones waiting for its window
        }
        return sent;
    }

    /** The live lane's next batch, or null when it has nothing or its records linger. */
    private Batch nextLive(Stream s, long horizon) throws Exception {
        List<SyncRecord> recs = source.recordsAfter(s.name(), s.live().sent(), s.limit());
        if (recs.isEmpty() || holds(s, s.live(), recs)) return null;
        return Batch.of(cfg.gateway(), cfg.epoch(), s.name(), s.live().sent(), recs, recs.get(0).ts() < horizon, true);
    }

    /** The backlog's next batch (stopping at an open live lane), or null when it has nothing or its records linger. */
    private Batch nextBacklog(Stream s, long horizon) throws Exception {
        List<SyncRecord> recs = source.recordsAfter(s.name(), s.backlog().sent(), s.limit());
        if (recs.isEmpty()) {
            s.backlogDone();
            if (s.liveLaneStuckEmpty()) {
                // the lane was opened above the source's newest record (a document stream's counter runs ahead of
                // its records after a crash) and never got one: nothing can merge it, so drop it
                log.info("uplink: {} backlog sent; the empty live lane after seq {} is closed", s.name(), s.liveAfter());
                s.closeLive();
            }
            return null;
        }
        boolean historical = recs.get(0).ts() < horizon;
        if (historical && s.liveAfter() == 0 && cfg.liveFirst() && !s.liveRefused()) openLive(s, recs);
        if (s.liveAfter() > 0) {
            int n = s.backlogTake(recs);
            if (n == 0) return null;
            recs = recs.subList(0, n);
        } else if (!historical && holds(s, s.backlog(), recs)) {
            return null;
        }
        return Batch.of(cfg.gateway(), cfg.epoch(), s.name(), s.backlog().sent(), recs, historical);
    }

    /** Whether new records of a lingering stream wait for more company (PROTOCOL.md 7, latency). */
    private boolean holds(Stream s, Lane lane, List<SyncRecord> recs) {
        boolean fresh = recs.get(0).seq() > lane.maxSent();
        long due = lane.lingerDecision(System.nanoTime(), cfg.latency().toNanos(), cfg.lingering().contains(s.name()),
                recs.size() >= s.limit(), fresh, stopping);
        if (due == 0) return false;
        if (nextLook == 0 || due - nextLook < 0) nextLook = due;
        return true; // not idle: a drain() must see these records sent and acknowledged
    }

    /** Opens a live lane above the buffer's newest record when the backlog ahead of it is more than one batch. */
    private void openLive(Stream s, List<SyncRecord> backlogHead) throws Exception {
        long last = source.lastSeq(s.name());
        if (last <= backlogHead.get(backlogHead.size() - 1).seq()) return;
        s.openLive(last, System.nanoTime());
        log.info("uplink: {} backlog of seq {}..{}: new records go ahead of it on a live lane", s.name(),
                backlogHead.get(0).seq(), last);
    }

    /** Encodes and publishes {@code b} on {@code lane}; false (nothing sent) when it was over the byte limit and the batch size was halved. */
    private boolean publish(StreamState st, Lane lane, Batch b) throws MqttException {
        Protocol.StreamCodec.Encoded e = st.codec().encode(b, cfg.key());
        byte[] payload = e.payload();
        int dictSize = e.dictionarySize();
        int n = b.records().size();
        if (!st.s().fit(sizer, n, payload.length, sizer.target(link.bytesPerSecond()), sizer.recordTarget(link.recordsPerSecond()))) return false;
        long now = System.nanoTime();
        if (allIdle()) link.idle(now);
        transport.publish(st.topic(), payload, false); // pipelined: the platform's ack counts
        lane.sentBatch(b.last(), payload.length, now, dictSize, n);
        st.meter().sent(n, payload.length);
        batches.incrementAndGet();
        records.addAndGet(n);
        bytes.addAndGet(payload.length);
        return true;
    }

    private boolean allIdle() {
        for (StreamState st : streams) if (!st.s().backlog().idle() || !st.s().live().idle()) return false;
        return true;
    }
}
