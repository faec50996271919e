package org.ecogate.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/** An in-memory {@link SenderSource} for tests: records appended by a producer, freed on ack. */
final class MemorySource implements SenderSource {
    final ConcurrentSkipListMap<Long, SyncRecord> records = new ConcurrentSkipListMap<>();
    volatile long acked;
    /** Added to {@link #lastSeq(String)}: a document stream's counter runs ahead of its records after a crash. */
    volatile long counterAhead;
    private long next = 1;

    synchronized long append(String point, double value) {
        long seq = next++;
        records.put(seq, new SyncRecord(seq, point, System.currentTimeMillis(), value, "good"));
        return seq;
    }

    synchronized long lastSeq() {
        return next - 1;
    }

    @Override
    public long lastSeq(String stream) {
        return lastSeq() + counterAhead;
    }

    /** Appends a record with an explicit time (e.g. an old one, to build a historical backlog). */
    synchronized long append(String point, double value, long ts) {
        long seq = next++;
        records.put(seq, new SyncRecord(seq, point, ts, value, "good"));
        return seq;
    }

    @Override
    public long ackedThrough(String stream) {
        return acked;
    }

    @Override
    public List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) {
        List<SyncRecord> out = new ArrayList<>();
        for (SyncRecord r : records.tailMap(afterSeq, false).values()) {
            if (out.size() == max) break;
            out.add(r);
        }
        return out;
    }

    @Override
    public void acked(String stream, long epoch, long through) {
        if (through < acked) throw new AssertionError("ack went backwards: " + through + " < " + acked);
        acked = through;
    }
}
