package org.ecogate.sync;

import java.util.Objects;

/**
 * One record of a stream under the gateway's sequence number. A reading uses point, ts, value and quality;
 * a document record (an event, a summary) carries its content as JSON text in {@code body}, with {@code point}
 * naming its key (event id, summary subject) and {@code ts} its time.
 *
 * @param seq     position in its stream, strictly increasing within a batch; assigned by the gateway's buffer
 * @param point   "device.point" (e.g. {@code fan1.freq}), or the document's key
 * @param ts      acquisition or emission time, epoch milliseconds
 * @param value   the value, or {@code null} when the quality says there is none (e.g. {@code comm_fault})
 * @param quality quality code, e.g. {@code good}, {@code comm_fault}
 * @param body    JSON text of a document record, {@code null} for readings
 */
public record SyncRecord(long seq, String point, long ts, Double value, String quality, String body) {
    public SyncRecord {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(quality, "quality");
    }

    /** A reading record. */
    public SyncRecord(long seq, String point, long ts, Double value, String quality) {
        this(seq, point, ts, value, quality, null);
    }
}
