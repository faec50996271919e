package org.ecogate.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An in-memory {@link Sink} for tests that keeps every record it was handed, duplicates included. */
final class MemorySink implements Sink {
    final List<SyncRecord> stored = new ArrayList<>();
    final Map<String, Long> marks = new HashMap<>();
    volatile boolean failing;

    @Override
    public synchronized long committedThrough(String gateway, long epoch, String stream) {
        return marks.getOrDefault(gateway + "/" + epoch + "/" + stream, 0L);
    }

    @Override
    public synchronized void commit(Batch batch, List<SyncRecord> fresh, long newWatermark) throws Exception {
        if (failing) throw new Exception("store unavailable (test)");
        stored.addAll(fresh);
        marks.put(batch.gateway() + "/" + batch.epoch() + "/" + batch.stream(), newWatermark);
    }

    synchronized List<SyncRecord> snapshot() {
        return new ArrayList<>(stored);
    }
}
