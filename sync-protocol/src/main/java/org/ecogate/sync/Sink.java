package org.ecogate.sync;

import java.util.List;

/**
 * Where the platform-side {@link SyncReceiver} puts records. The receiver acknowledges a batch only after
 * {@link #commit} returned, so an implementation must make the records and the watermark durable together
 * (one transaction). Called from the receiver's single worker thread.
 */
public interface Sink {
    /** The highest sequence number committed for (gateway, epoch, stream), 0 if none. */
    long committedThrough(String gateway, long epoch, String stream) throws Exception;

    /**
     * Stores {@code fresh} (the batch's records not yet stored, possibly empty) and sets the watermark to
     * {@code newWatermark}, atomically. {@code batch.historical()} tells backlog from live data.
     */
    void commit(Batch batch, List<SyncRecord> fresh, long newWatermark) throws Exception;

    /**
     * Whether this sink keeps a live range per stream (PROTOCOL.md 6.1) so that live data can be stored ahead of a
     * backlog. A sink that does not (the default) receives every stream strictly in sequence order; the receiver
     * then answers live batches with a {@link Ack#LIVE_UNSUPPORTED} gap and the sender falls back to that order.
     */
    default boolean supportsLive() {
        return false;
    }

    /**
     * The committed live range of (gateway, epoch, stream) as {@code {after, through}}: records with seq in
     * (after, through] are stored although the watermark is below {@code after}; {@code null} when none. Only
     * called when {@link #supportsLive()}.
     */
    default long[] liveRange(String gateway, long epoch, String stream) throws Exception {
        return null;
    }

    /**
     * Like {@link #commit(Batch, List, long)}, and sets the live range to ({@code liveAfter}, {@code liveThrough}]
     * in the same transaction ({@code 0, 0}: no live range). The fresh records are stored on the watermark path
     * when their seq is at most {@code newWatermark}, on the live lane when above it; each path is handed its
     * records in ascending seq order. Only called with a live range when {@link #supportsLive()}.
     */
    default void commit(Batch batch, List<SyncRecord> fresh, long newWatermark, long liveAfter, long liveThrough) throws Exception {
        if (liveAfter != 0) throw new UnsupportedOperationException("this sink keeps no live range");
        commit(batch, fresh, newWatermark);
    }

    /**
     * The newest epoch with a committed watermark for (gateway, stream), or {@link Long#MIN_VALUE} if none or
     * unknown. Batches of an older epoch are rejected {@code old_epoch} (replays of a retired buffer). A sink
     * that does not implement this is protected only for epochs seen since the receiver started.
     */
    default long newestEpoch(String gateway, String stream) throws Exception {
        return Long.MIN_VALUE;
    }
}
