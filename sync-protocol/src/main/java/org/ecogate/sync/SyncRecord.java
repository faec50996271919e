package org.ecogate.sync;

import java.util.Objects;

/**
 * One record of a stream: a reading (point, timestamp, value, quality) under the gateway's sequence number.
 *
 * @param seq     position in its stream, strictly increasing within a batch; assigned by the gateway's buffer
 * @param point   "device.point", e.g. {@code fan1.freq}
 * @param ts      acquisition time, epoch milliseconds
 * @param value   the value, or {@code null} when the quality says there is none (e.g. {@code comm_fault})
 * @param quality quality code, e.g. {@code good}, {@code comm_fault}
 */
public record SyncRecord(long seq, String point, long ts, Double value, String quality) {
    public SyncRecord {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(quality, "quality");
    }
}
