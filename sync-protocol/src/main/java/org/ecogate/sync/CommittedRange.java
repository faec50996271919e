package org.ecogate.sync;

/**
 * What a {@link Sink} holds committed for one stream (PROTOCOL.md 6 and 6.1): everything through
 * {@code watermark}, and optionally a live range ({@code liveAfter}, {@code liveThrough}] above it.
 * Immutable. Trap: a range with {@code liveAfter <= watermark} may be read back (written by an older receiver);
 * the receiver merges it on the next commit.
 *
 * @param watermark   highest seq committed on the in-order path, 0 if none
 * @param liveAfter   start (exclusive) of the live range, 0 when there is none
 * @param liveThrough end (inclusive) of the live range, 0 when there is none
 */
public record CommittedRange(long watermark, long liveAfter, long liveThrough) {
    /** Nothing committed yet. */
    public static final CommittedRange NONE = new CommittedRange(0, 0, 0);

    public CommittedRange {
        if (watermark < 0) throw new IllegalArgumentException("watermark " + watermark + " < 0");
        if (liveAfter == 0 ? liveThrough != 0 : liveAfter < 0 || liveThrough <= liveAfter) {
            throw new IllegalArgumentException("live range (" + liveAfter + ", " + liveThrough + "] is not a range");
        }
    }

    /** Only a watermark. */
    public static CommittedRange through(long watermark) {
        return watermark == 0 ? NONE : new CommittedRange(watermark, 0, 0);
    }

    /** Whether a live range is held. */
    public boolean hasLive() {
        return liveAfter != 0;
    }

    /** Whether {@code seq} is committed (at or below the watermark or inside the live range). */
    public boolean covers(long seq) {
        return seq <= watermark || (hasLive() && seq > liveAfter && seq <= liveThrough);
    }
}
