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
     * {@code newWatermark}, atomically.
     */
    void commit(Batch batch, List<SyncRecord> fresh, long newWatermark) throws Exception;
}
