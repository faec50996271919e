package org.ecogate.sync;

import java.util.Map;

/**
 * Counters of a {@link ReceiverCore} since start. Immutable snapshot.
 *
 * @param batches           well-formed, authentic batches received (including redeliveries)
 * @param recordsStored     records handed to the sink and committed
 * @param recordsDuplicate  records received again after they were stored (ignored, re-acknowledged)
 * @param rejected          messages rejected (sum of {@code rejectedByReason} except the routine {@code unknown_dictionary} and {@code busy})
 * @param rejectedByReason  rejected messages per reason code ({@link Reject}); every code present
 * @param statusMessages    authentic gateway status messages received
 * @param gaps              batches answered {@code gap} (they did not follow what the store holds)
 * @param conflicts         commits refused because another receiver had moved the stream (decided again)
 * @param sinkFailures      batches answered {@code busy} because the sink failed or was down (not stored)
 * @param gapsAvoided       batches ahead of the store that became in order while held back (no gap answer needed)
 */
public record ReceiverStats(long batches, long recordsStored, long recordsDuplicate, long rejected,
                            Map<String, Long> rejectedByReason, long statusMessages, long gaps, long conflicts,
                            long sinkFailures, long gapsAvoided) {
    public ReceiverStats {
        rejectedByReason = Map.copyOf(rejectedByReason);
    }
}
