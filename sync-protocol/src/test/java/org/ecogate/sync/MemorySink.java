package org.ecogate.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link Sink} for tests that keeps every record it was handed, duplicates included. With
 * {@code live} it keeps a live range per stream and remembers, per record, whether it came on the live lane.
 */
final class MemorySink implements Sink {
    final List<SyncRecord> stored = new ArrayList<>();
    final List<Boolean> onLane = new ArrayList<>();
    final List<Long> storedNanos = new ArrayList<>();
    volatile long delayMs;
    /** Commit time per stored record, in microseconds (a platform store whose cost grows with the batch). */
    volatile long delayMicrosPerRecord;
    final Map<String, Long> marks = new HashMap<>();
    final Map<String, long[]> lanes = new HashMap<>();
    final boolean live;
    volatile boolean failing;

    MemorySink() {
        this(false);
    }

    MemorySink(boolean live) {
        this.live = live;
    }

    @Override
    public synchronized long committedThrough(String gateway, long epoch, String stream) {
        return marks.getOrDefault(gateway + "/" + epoch + "/" + stream, 0L);
    }

    @Override
    public boolean supportsLive() {
        return live;
    }

    @Override
    public synchronized long[] liveRange(String gateway, long epoch, String stream) {
        long[] r = lanes.get(gateway + "/" + epoch + "/" + stream);
        return r == null ? null : r.clone();
    }

    @Override
    public synchronized void commit(Batch batch, List<SyncRecord> fresh, long newWatermark) throws Exception {
        commit(batch, fresh, newWatermark, 0, 0);
    }

    @Override
    public synchronized void commit(Batch batch, List<SyncRecord> fresh, long newWatermark, long liveAfter, long liveThrough) throws Exception {
        if (failing) throw new Exception("store unavailable (test)");
        if (delayMs > 0) Thread.sleep(delayMs);
        if (delayMicrosPerRecord > 0) Thread.sleep(fresh.size() * delayMicrosPerRecord / 1000);
        long now = System.nanoTime();
        if (liveAfter != 0 && !live) throw new AssertionError("live range handed to a sink without live support");
        String k = batch.gateway() + "/" + batch.epoch() + "/" + batch.stream();
        for (SyncRecord r : fresh) {
            stored.add(r);
            onLane.add(r.seq() > newWatermark);
            storedNanos.add(now);
        }
        marks.put(k, newWatermark);
        if (liveAfter == 0) lanes.remove(k);
        else lanes.put(k, new long[] {liveAfter, liveThrough});
    }

    synchronized List<SyncRecord> snapshot() {
        return new ArrayList<>(stored);
    }
}
