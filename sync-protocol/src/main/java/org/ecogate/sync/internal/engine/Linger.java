package org.ecogate.sync.internal.engine;

/**
 * When to send new live records: at once when they fill a batch, are resent, or belong to a stream that is never
 * held (events, gaps, summaries); otherwise after they waited {@code latency} since first seen, so one batch carries
 * a few seconds of readings. Pure decision on a caller-supplied clock. Not thread-safe (one per lane).
 */
public final class Linger {
    private long firstSeen = -1;

    /**
     * Returns 0 to send now, or the {@code System.nanoTime()}-style instant at which to look again.
     *
     * @param lingers   the stream may be held at all
     * @param full      the pending records fill a batch (by records or bytes)
     * @param fresh     none of them was sent before (a resend is never held)
     * @param flush     the sender is draining for a stop
     */
    public long decide(long nowNanos, long latencyNanos, boolean lingers, boolean full, boolean fresh, boolean flush) {
        if (!lingers || full || !fresh || flush || latencyNanos <= 0) return 0;
        if (firstSeen < 0) firstSeen = nowNanos;
        long due = firstSeen + latencyNanos;
        return nowNanos - due >= 0 ? 0 : due;
    }

    /** A batch left: the next records start a new wait. */
    public void sent() {
        firstSeen = -1;
    }
}
