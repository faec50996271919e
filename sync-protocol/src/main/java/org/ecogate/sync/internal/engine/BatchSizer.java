package org.ecogate.sync.internal.engine;

/**
 * Batch sizing by bytes (PROTOCOL.md 7): the target is a quarter second of the measured link, at least 16 KiB, at
 * most {@code batchMaxBytes}; a stream's records-per-batch limit follows what its encoded batches weigh, and also
 * stays near a quarter second of the measured record rate (a platform's commit time grows with records, not bytes:
 * a well-compressed 50,000-record batch would hold a gateway's live lane behind it for seconds). Pure and
 * stateless (the limit lives in its {@link Stream}, which asks {@link #nextLimit}); thread-safe. Trap: an over-limit
 * batch is not sent, only halved.
 */
public final class BatchSizer {
    /** The smallest target: the start, before any rate is measured. */
    public static final int MIN_TARGET = 16 * 1024;
    /** The smallest record target. */
    public static final int MIN_RECORDS = 256;
    /** The record target before any record rate is measured (like {@link #MIN_TARGET}: start small, then follow). */
    public static final int START_RECORDS = 4096;

    private final int batchMaxBytes;
    private final int maxRecords;

    public BatchSizer(int batchMaxBytes, int maxRecords) {
        this.batchMaxBytes = batchMaxBytes;
        this.maxRecords = maxRecords;
    }

    /** The batch size to aim for on a link of {@code bytesPerSecond} (0 before the first estimate). */
    public int target(long bytesPerSecond) {
        return (int) Math.min(batchMaxBytes, Math.max(MIN_TARGET, bytesPerSecond / 4));
    }

    /** Records per batch to aim for at {@code recordsPerSecond} acknowledged (0: not measured yet, start small). */
    public int recordTarget(long recordsPerSecond) {
        if (recordsPerSecond <= 0) return Math.min(maxRecords, START_RECORDS);
        return (int) Math.min(maxRecords, Math.max(MIN_RECORDS, recordsPerSecond / 4));
    }

    /** Bytes a lane may have awaiting acks: twice rate x round trip, at least two targets, at most {@code window} max batches. */
    public long window(LinkEstimator link, int maxBatches) {
        return link.windowBytes(2L * target(link.bytesPerSecond()), (long) maxBatches * batchMaxBytes);
    }

    /**
     * The records-per-batch limit after a batch of {@code records} encoded in {@code bytes}, from {@code limit}, against
     * {@code target}, growing only below {@code recordTarget} and shrinking above twice it; negated (-new limit) when
     * the batch is over {@code batchMaxBytes} and must not be sent (build it again with the halved limit).
     */
    public int nextLimit(int limit, int records, int bytes, int target, int recordTarget) {
        if (bytes > batchMaxBytes && records > 1) return -Math.max(1, records / 2);
        if (bytes < target / 2 && records == limit && records < recordTarget) {
            return Math.min(maxRecords, limit * 2); // grow toward the target
        } else if ((bytes > 2 * target || records > 2L * recordTarget) && records > 1) {
            return Math.max(1, records / 2); // the link or the platform got slower: smaller batches from the next one on
        }
        return limit;
    }
}
