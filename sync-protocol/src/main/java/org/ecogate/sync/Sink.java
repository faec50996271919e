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
     * The newest epoch with a committed watermark for (gateway, stream), or {@link Long#MIN_VALUE} if none or
     * unknown. Batches of an older epoch are rejected {@code old_epoch} (replays of a retired buffer). A sink
     * that does not implement this is protected only for epochs seen since the receiver started.
     */
    default long newestEpoch(String gateway, String stream) throws Exception {
        return Long.MIN_VALUE;
    }
}
