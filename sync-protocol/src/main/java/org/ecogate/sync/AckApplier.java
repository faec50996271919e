package org.ecogate.sync;

import org.ecogate.sync.BatchDispatcher.StreamState;
import org.ecogate.sync.internal.engine.BatchSizer;
import org.ecogate.sync.internal.engine.Lane;
import org.ecogate.sync.internal.engine.LinkEstimator;
import org.ecogate.sync.internal.engine.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform's answers to a {@link SyncSender}'s batches (PROTOCOL.md 5): acks move each stream's window and the
 * source's acknowledged mark, feed the round-trip estimate ({@link LinkEstimator}) and size the next window; an
 * {@code unknown_dictionary} answer re-announces the stream's dictionary; a {@code busy} answer pauses the stream and
 * probes (one log line when the platform becomes busy, one when it accepts again). Thread-safety: {@link #offer} from
 * the transport's reader thread, the stats from any thread, the rest on the sender thread.
 */
final class AckApplier {
    private static final Logger log = LoggerFactory.getLogger(SyncSender.class); // the sender's log lines, as before

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Map<String, StreamState> streams;
    private final LinkEstimator link;
    private final BatchSizer sizer;
    private final AtomicLong resends;
    private final ConcurrentLinkedQueue<Ack> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong received = new AtomicLong();
    private volatile long rttMillis, linkRate, windowBytes;
    /** Busy answers since the platform last became busy; 0 while it accepts. Sender thread. */
    private long busyAnswers;
    private long busySince;

    AckApplier(SenderConfig cfg, SenderSource source, Map<String, StreamState> streams, LinkEstimator link, BatchSizer sizer,
               AtomicLong resends) {
        this.cfg = cfg;
        this.source = source;
        this.streams = streams;
        this.link = link;
        this.sizer = sizer;
        this.resends = resends;
    }

    /** A decoded answer (the transport's reader thread: never blocks). */
    void offer(Ack a) {
        queue.add(a);
    }

    /** Whether no answer waits to be applied. */
    boolean none() {
        return queue.isEmpty();
    }

    long received() {
        return received.get();
    }

    long rttMillis() {
        return rttMillis;
    }

    long linkRate() {
        return linkRate;
    }

    long windowBytes() {
        return windowBytes;
    }

    /** Applies every waiting answer (sender thread). */
    void apply() throws Exception {
        Ack a;
        while ((a = queue.poll()) != null) {
            StreamState st = streams.get(a.stream());
            if (st != null && Reject.UNKNOWN_DICTIONARY.equals(a.code())) {
                unknownDictionary(st, a); // the receiver could not read the epoch: the dictionary id says which
                continue;
            }
            if (st != null && Reject.BUSY.equals(a.code()) && a.gateway().equals(cfg.gateway())) {
                busy(st, a); // before the epoch check: a busy answer to an undecodable dictionary carries epoch 0
                continue;
            }
            if (st == null || a.epoch() != cfg.epoch() || !a.gateway().equals(cfg.gateway())) {
                log.debug("uplink: ignored ack for {}/{}/{}", a.gateway(), a.epoch(), a.stream());
                continue;
            }
            received.incrementAndGet();
            if (Ack.REJECTED.equals(a.status())) {
                log.error("uplink: platform rejected a {} batch ({}): {}", a.stream(), a.code(), a.reason());
                continue;
            }
            long now = System.nanoTime();
            st.s().staleGapAfterRewind(Math.max(2_000_000_000L, link.ackDueMillis() * 1_000_000L));
            Stream.AckResult r = st.s().onAck(a, now);
            if (busyAnswers > 0) busyOver();
            for (Lane.InFlight f : r.completed()) {
                link.onAck(now, f.sentNanos(), f.bytes(), f.records());
                if (Ack.OK.equals(a.status())) st.codec().acked(f.dictionarySize());
            }
            if (r.resend()) resends.incrementAndGet();
            if (r.newAcked() >= 0) {
                source.acked(a.stream(), cfg.epoch(), r.newAcked());
                st.meter().acked(st.s().acked(), now, System.currentTimeMillis());
            }
        }
        rttMillis = link.rttMillis();
        linkRate = link.bytesPerSecond();
        windowBytes = sizer.window(link, cfg.window());
    }

    /**
     * The platform does not hold the stream's dictionary (a receiver restarted, or a shared subscription gave the
     * announcing batch to another receiver): announce it whole and resend from what is acknowledged. A reject for an
     * older id, or one arriving while nothing is confirmed (a batch sent before the last re-announce), changes nothing.
     */
    private void unknownDictionary(StreamState st, Ack a) {
        if (!st.codec().unknownDictionary(a.dictionary())) return;
        if (st.s().onPlatformOnline(System.nanoTime())) resends.incrementAndGet();
        log.info("uplink: the platform does not hold the {} point dictionary; announcing it again", a.stream());
    }

    /** The platform cannot store now: pause the stream, then probe. */
    private void busy(StreamState st, Ack a) {
        long now = System.nanoTime();
        received.incrementAndGet();
        if (busyAnswers++ == 0) {
            busySince = now;
            log.warn("uplink: platform busy ({}); pausing {} and probing with one batch at a time", a.reason(), a.stream());
        }
        if (st.s().onBusy(now)) resends.incrementAndGet();
    }

    private void busyOver() {
        for (StreamState o : streams.values()) if (o.s().busyStreak() > 0) return;
        log.info("uplink: platform accepting again after {} busy answers in {} s", busyAnswers, (System.nanoTime() - busySince) / 1_000_000_000L);
        busyAnswers = 0;
    }
}
