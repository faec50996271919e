package org.ecogate.sync.internal.engine;

/**
 * Estimates the uplink from acknowledgements: the round trip (minimum of recent batch send-to-ack times) and the
 * delivery rate (maximum of recent acknowledged bytes per interval), and sizes the application window from their
 * product (bandwidth x delay, doubled) within bounds. Pure: the caller passes the clock. Not thread-safe.
 * Trap: samples older than {@link #MEMORY_NANOS} are forgotten, so a link that got slower is followed.
 */
public final class LinkEstimator {
    static final long MEMORY_NANOS = 10_000_000_000L;
    static final long RATE_INTERVAL_NANOS = 500_000_000L;

    private long minRtt = Long.MAX_VALUE, minRttAt;
    private double maxRate, maxRateAt; // bytes per second
    private double recordRate;          // records per second over the latest interval (what the platform commits now)
    private long intervalStart = -1, intervalBytes, intervalRecords, lastAck;
    private double srtt, rttVar; // smoothed round trip and its deviation (RFC 6298), nanoseconds; 0 before the first ack

    /** A batch of {@code bytes} sent at {@code sentNanos} was acknowledged at {@code nowNanos}. */
    public void onAck(long nowNanos, long sentNanos, long bytes) {
        onAck(nowNanos, sentNanos, bytes, 0);
    }

    /** As {@link #onAck(long, long, long)}, with the batch's record count (for the record rate). */
    public void onAck(long nowNanos, long sentNanos, long bytes, long records) {
        lastAck = nowNanos;
        long rtt = Math.max(1, nowNanos - sentNanos);
        if (srtt == 0) {
            srtt = rtt;
            rttVar = rtt / 2.0;
        } else {
            rttVar = 0.75 * rttVar + 0.25 * Math.abs(srtt - rtt);
            srtt = 0.875 * srtt + 0.125 * rtt;
        }
        if (rtt <= minRtt || nowNanos - minRttAt > MEMORY_NANOS) {
            minRtt = rtt;
            minRttAt = nowNanos;
        }
        if (intervalStart < 0) intervalStart = sentNanos;
        intervalBytes += bytes;
        intervalRecords += records;
        long dt = nowNanos - intervalStart;
        if (dt >= RATE_INTERVAL_NANOS) {
            double rate = intervalBytes * 1e9 / dt;
            if (rate >= maxRate || nowNanos - maxRateAt > MEMORY_NANOS) {
                maxRate = rate;
                maxRateAt = nowNanos;
            }
            recordRate = intervalRecords * 1e9 / dt;
            intervalStart = nowNanos;
            intervalBytes = 0;
            intervalRecords = 0;
        }
    }

    /**
     * A send with nothing in flight: if the link was idle longer than a rate interval, the next interval starts
     * now (an idle gap is not a slow link); short gaps between batches stay inside the interval.
     */
    public void idle(long nowNanos) {
        if (nowNanos - lastAck > RATE_INTERVAL_NANOS) {
            intervalStart = -1;
            intervalBytes = 0;
            intervalRecords = 0;
        }
    }

    /**
     * How long an ack may take before it is overdue, in ms (RFC 6298: smoothed round trip + 4 deviations), 0 before the
     * first ack. Unlike {@link #rttMillis()} (the minimum) it follows queueing at a busy platform.
     */
    public long ackDueMillis() {
        return (long) ((srtt + 4 * rttVar) / 1_000_000);
    }

    /** Round trip in ms (send to ack of a batch), or 0 before the first ack. */
    public long rttMillis() {
        return minRtt == Long.MAX_VALUE ? 0 : minRtt / 1_000_000;
    }

    /** Acknowledged bytes per second (best recent interval), or 0 before the first interval. */
    public long bytesPerSecond() {
        return (long) maxRate;
    }

    /**
     * Acknowledged records per second over the latest interval, or 0 before it (or unknown). Latest, not best: it sizes
     * batches by what the platform commits now (a burst of acks for records it already held is no capacity).
     */
    public long recordsPerSecond() {
        return (long) recordRate;
    }

    /** Bytes the sender may have awaiting acks: twice rate x round trip, within [{@code min}, {@code max}]. */
    public long windowBytes(long min, long max) {
        if (minRtt == Long.MAX_VALUE || maxRate == 0) return min;
        double bdp = maxRate * minRtt / 1e9;
        return (long) Math.max(min, Math.min(max, 2 * bdp));
    }
}
