package org.ecogate.sync.internal.engine;

import org.ecogate.sync.StreamProgress;

/**
 * A stream's figures for status displays: acknowledged records per second (smoothed over about 10 s, decaying to 0
 * after 10 s without acks), bytes per record sent, last ack time. Written by the sender thread, read by any thread
 * through {@link #progress}; the read fields are volatile. Trap: the rate counts the watermark path only.
 */
public final class StreamMeter {
    static final long STALE_NANOS = 10_000_000_000L;
    static final long MIN_INTERVAL_NANOS = 500_000_000L;

    private volatile double rate;
    private volatile long rateStampNanos;
    private long rateBase;
    private volatile long lastAckMillis;
    private volatile long recs;
    private volatile long bytes;

    /** A batch of {@code n} records in {@code payloadBytes} was published. */
    public void sent(int n, int payloadBytes) {
        recs += n;
        bytes += payloadBytes;
    }

    /** The watermark advanced to {@code acked} at {@code now} (nanoTime) / {@code wallMillis}. */
    public void acked(long acked, long now, long wallMillis) {
        lastAckMillis = wallMillis;
        if (rateStampNanos == 0) {
            rateStampNanos = now;
            rateBase = acked;
            return;
        }
        long dt = now - rateStampNanos;
        if (dt < MIN_INTERVAL_NANOS) return;
        double inst = (acked - rateBase) * 1e9 / dt;
        double alpha = Math.min(1.0, dt / 10e9);
        rate = rate == 0 ? inst : rate + alpha * (inst - rate);
        rateStampNanos = now;
        rateBase = acked;
    }

    /** Records acknowledged per second as of {@code now}: 0 when nothing was acknowledged for 10 s. */
    public double rate(long now) {
        long stamp = rateStampNanos;
        return stamp != 0 && now - stamp > STALE_NANOS ? 0 : rate;
    }

    /** The progress of {@code s} as of {@code now}. */
    public StreamProgress progress(Stream s, long now) {
        long liveAfter = s.liveAfter;
        long n = recs;
        return new StreamProgress(s.name(), s.backlog.acked, s.backlog.sent, s.backlog.inflight(), rate(now),
                n == 0 ? 0 : (double) bytes / n, lastAckMillis, liveAfter, liveAfter == 0 ? 0 : s.live.acked);
    }
}
