package org.ecogate.sync;

import java.util.List;
import java.util.Objects;

/**
 * A slice of one stream sent by a gateway: the records with sequence numbers in {@code (prev, last]}, of which
 * {@code first} is the lowest present (gaps in the numbering are allowed and mean "no record").
 *
 * @param v          protocol version ({@link #VERSION})
 * @param gateway    gateway id
 * @param epoch      identifies the gateway's buffer incarnation; sequence numbers are unique within (gateway, epoch, stream)
 * @param stream     stream name, e.g. {@code readings}
 * @param prev       the sequence number the sender believes precedes this batch (the platform's watermark it builds on)
 * @param first      sequence number of the first record
 * @param last       sequence number of the last record
 * @param records    the records, seq strictly increasing from {@code first} to {@code last}
 * @param historical true when the records are backlog (older than the sender's live horizon when sent): the
 *                   platform must not fire real-time alarms on them
 * @param live       true when the batch travels on the stream's live lane (PROTOCOL.md 6.1): sent ahead of a
 *                   backlog, it may open or extend the receiver's live range instead of following the watermark
 */
public record Batch(int v, String gateway, long epoch, String stream, long prev, long first, long last,
                    List<SyncRecord> records, boolean historical, boolean live) {
    public static final int VERSION = 1;

    public Batch {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(stream, "stream");
        records = List.copyOf(records);
    }

    /** Builds a live batch from records that follow {@code prev}. */
    public static Batch of(String gateway, long epoch, String stream, long prev, List<SyncRecord> records) {
        return of(gateway, epoch, stream, prev, records, false);
    }

    /** Builds a batch from records that follow {@code prev}. */
    public static Batch of(String gateway, long epoch, String stream, long prev, List<SyncRecord> records, boolean historical) {
        return of(gateway, epoch, stream, prev, records, historical, false);
    }

    /** Builds a batch from records that follow {@code prev}, on the live lane when {@code live}. */
    public static Batch of(String gateway, long epoch, String stream, long prev, List<SyncRecord> records,
                           boolean historical, boolean live) {
        if (records.isEmpty()) throw new IllegalArgumentException("a batch needs at least one record");
        return new Batch(VERSION, gateway, epoch, stream, prev, records.get(0).seq(),
                records.get(records.size() - 1).seq(), records, historical, live);
    }
}
