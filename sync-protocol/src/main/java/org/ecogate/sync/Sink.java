package org.ecogate.sync;

import java.util.OptionalLong;

/**
 * Where the platform's {@link ReceiverCore} puts records: the store of the platform. A batch is acknowledged only
 * after {@link #commit} returned {@code true}, so an implementation makes the records and the new committed range
 * durable together, in one transaction. Implementations must be thread-safe: several receivers (threads or
 * processes) may commit to the same stream; {@link #commit} is a compare-and-set on the committed range under a
 * row lock, so they cannot interleave. Check an implementation with the {@code SinkContract} test (test-jar).
 */
public interface Sink {
    /** What is committed for {@code key}; {@link CommittedRange#NONE} if nothing. */
    CommittedRange committed(StreamKey key) throws SinkException;

    /**
     * If the stream still holds {@code c.expected()}: stores {@code c.records()} and sets the committed range to
     * {@code c.next()}, atomically, and returns {@code true}. Otherwise stores nothing and returns {@code false}
     * (the receiver reads again and decides anew). A record is on the live lane when {@link Commit#onLiveLane};
     * each path is handed its records in ascending seq order.
     */
    boolean commit(Commit c) throws SinkException;

    /**
     * Whether this sink keeps a live range per stream (PROTOCOL.md 6.1), so live data is stored ahead of a
     * backlog. A sink that does not (the default) receives every stream strictly in seq order: its commits never
     * carry a live range.
     */
    default boolean keepsLiveRange() {
        return false;
    }

    /**
     * The newest epoch with anything committed for (gateway, stream), empty if none or unknown. Batches of an older
     * epoch are rejected {@code old_epoch} (replays of a retired buffer). Without it the receiver is protected only
     * for epochs it has seen since it started.
     */
    default OptionalLong newestEpoch(String gateway, String stream) throws SinkException {
        return OptionalLong.empty();
    }
}
