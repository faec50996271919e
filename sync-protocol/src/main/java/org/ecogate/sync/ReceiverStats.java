package org.ecogate.sync;

import java.util.Map;

/**
 * Counters of a {@link SyncReceiver} since start.
 *
 * @param batches           well-formed, authentic batches received (including redeliveries)
 * @param recordsStored     records handed to the sink and committed
 * @param recordsDuplicate  records received again after they were stored (ignored, re-acknowledged)
 * @param rejected          messages rejected (sum of {@code rejectedByReason})
 * @param rejectedByReason  rejected messages per reason code ({@link Reject}); every code present
 * @param statusMessages    authentic gateway status messages received
 */
public record ReceiverStats(long batches, long recordsStored, long recordsDuplicate, long rejected,
                            Map<String, Long> rejectedByReason, long statusMessages) {
    public ReceiverStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }

    /** The v0 counters. */
    public ReceiverStats(long batches, long recordsStored, long recordsDuplicate, long rejected) {
        this(batches, recordsStored, recordsDuplicate, rejected, Map.of(), 0);
    }
}
