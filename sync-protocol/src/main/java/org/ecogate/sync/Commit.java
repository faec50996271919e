package org.ecogate.sync;

import java.util.List;
import java.util.Objects;

/**
 * One unit of work for a {@link Sink}: store {@code records} and move the stream from {@code expected} to
 * {@code next}, in one transaction. Immutable. Trap: a sink must refuse (store nothing, return false from
 * {@link Sink#commit}) when the stream no longer holds {@code expected}: another receiver got there first.
 *
 * @param batch    the verified batch the records come from ({@code historical()} tells backlog from live data)
 * @param records  the batch's records not stored before, ascending seq, possibly empty
 * @param expected the committed range the receiver read and decided on
 * @param next     the committed range after this commit
 */
public record Commit(Batch batch, List<SyncRecord> records, CommittedRange expected, CommittedRange next) {
    public Commit {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(next, "next");
        records = List.copyOf(records);
    }

    public StreamKey key() {
        return StreamKey.of(batch);
    }

    /** Whether {@code r} is stored on the live lane (above the new watermark) rather than the in-order path. */
    public boolean onLiveLane(SyncRecord r) {
        return r.seq() > next.watermark();
    }
}
