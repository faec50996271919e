package org.ecogate.sync;

/**
 * Counters of a {@link SyncReceiver} since start.
 *
 * @param batches          well-formed batches received (including redeliveries)
 * @param recordsStored    records handed to the sink and committed
 * @param recordsDuplicate records received again after they were stored (ignored, re-acknowledged)
 * @param rejected         messages rejected as malformed or forged
 */
public record ReceiverStats(long batches, long recordsStored, long recordsDuplicate, long rejected) {}
