package org.ecogate.sync.internal.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One ordered path of a stream's records to the platform: what the platform acknowledged, what was sent, the
 * batches awaiting an ack (with their bytes and send time, for the link estimate) and the linger state. A stream
 * has two: the backlog (watermark path) and the live lane (PROTOCOL.md 7.1). Confined to the sender thread except
 * the volatile {@code acked}/{@code sent}, which status readers may read.
 */
public final class Lane {
    /** A batch on its way: its last seq, message bytes, send time, the v2 dictionary size it announced through, records. */
    public record InFlight(long last, int bytes, long sentNanos, int dictionarySize, int records) {}

    /** The platform holds this lane's records through here. */
    volatile long acked;
    /** Sent through here (in flight above {@code acked}). */
    volatile long sent;
    /** Highest seq ever sent on this lane: records at or below it are resends and are never held back. */
    long maxSent;
    long progressNanos;
    /** Ack timeouts in a row without progress: each doubles the next wait (up to 16x), so an overloaded platform is not flooded. */
    int timeoutsInARow;
    private final ArrayDeque<InFlight> inflight = new ArrayDeque<>();
    private long inflightBytes;
    final Linger linger = new Linger();

    /** The platform holds this lane's records through here (any thread). */
    public long acked() {
        return acked;
    }

    /** Sent through here (any thread). */
    public long sent() {
        return sent;
    }

    public void sentBatch(long last, int bytes, long now) {
        sentBatch(last, bytes, now, 0);
    }

    public void sentBatch(long last, int bytes, long now, int dictionarySize) {
        sentBatch(last, bytes, now, dictionarySize, 0);
    }

    public void sentBatch(long last, int bytes, long now, int dictionarySize, int records) {
        if (inflight.isEmpty()) progressNanos = now;
        inflight.addLast(new InFlight(last, bytes, now, dictionarySize, records));
        inflightBytes += bytes;
        sent = last;
        maxSent = Math.max(maxSent, last);
        linger.sent();
    }

    /** Removes the batches acknowledged through {@code through}; returns them (oldest first). */
    List<InFlight> ackedThrough(long through, long now) {
        List<InFlight> done = new ArrayList<>();
        while (!inflight.isEmpty() && inflight.peekFirst().last() <= through) {
            InFlight f = inflight.pollFirst();
            inflightBytes -= f.bytes();
            done.add(f);
        }
        if (!done.isEmpty()) {
            progressNanos = now;
            timeoutsInARow = 0;
        }
        return done;
    }

    /** Sends again from {@code to} (the receiver de-duplicates). */
    void rewind(long to, long now) {
        sent = to;
        clearInflight();
        progressNanos = now;
    }

    void clearInflight() {
        inflight.clear();
        inflightBytes = 0;
    }

    /** Takes over the other lane's batches in flight (the lanes merged). */
    void adopt(Lane other) {
        sent = Math.max(sent, other.sent);
        maxSent = Math.max(maxSent, other.maxSent);
        clearInflight();
        inflight.addAll(other.inflight);
        inflightBytes = other.inflightBytes;
        other.clearInflight();
    }

    /** Room for another batch: fewer than {@code maxBatches} in flight and under {@code windowBytes} (one always fits). */
    public boolean hasRoom(int maxBatches, long windowBytes) {
        return inflight.size() < maxBatches && (inflight.isEmpty() || inflightBytes < windowBytes);
    }

    /** Whether batches are in flight and none was acknowledged (nor the lane rewound or restarted) since {@code since}. */
    boolean stalledSince(long since) {
        return !inflight.isEmpty() && progressNanos - since < 0;
    }

    boolean timedOut(long now, long timeoutNanos) {
        return !inflight.isEmpty() && now - progressNanos > timeoutNanos << Math.min(timeoutsInARow, 4);
    }

    /** The wait before the next resend after this many timeouts in a row (for the log). */
    long timeoutNanos(long base) {
        return base << Math.min(timeoutsInARow, 4);
    }

    /** Highest seq ever sent on this lane. */
    public long maxSent() {
        return maxSent;
    }

    /** The linger decision for this lane's next records: 0 to send now, else when to look again (see {@link Linger}). */
    public long lingerDecision(long now, long latencyNanos, boolean lingers, boolean full, boolean fresh, boolean flush) {
        return linger.decide(now, latencyNanos, lingers, full, fresh, flush);
    }

    public boolean idle() {
        return inflight.isEmpty();
    }

    public int inflight() {
        return inflight.size();
    }

    public long inflightBytes() {
        return inflightBytes;
    }
}
