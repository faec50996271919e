package org.ecogate.sync;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An in-memory {@link Sink} for tests that keeps every record it was handed, duplicates included. With
 * {@code live} it keeps a live range per stream and remembers, per record, whether it came on the live lane.
 * Thread-safe (synchronized); passes {@link SinkContract}.
 */
public final class MemorySink implements Sink {
    final List<SyncRecord> stored = new ArrayList<>();
    final List<Boolean> onLane = new ArrayList<>();
    final List<Long> storedNanos = new ArrayList<>();
    final List<StreamKey> storedKeys = new ArrayList<>();
    volatile long delayMs;
    /** Commit time per stored record, in microseconds (a platform store whose cost grows with the batch). */
    volatile long delayMicrosPerRecord;
    final Map<StreamKey, CommittedRange> marks = new HashMap<>();
    final boolean live;
    volatile boolean failing;

    public MemorySink() {
        this(false);
    }

    public MemorySink(boolean live) {
        this.live = live;
    }

    @Override
    public synchronized CommittedRange committed(StreamKey key) {
        return marks.getOrDefault(key, CommittedRange.NONE);
    }

    @Override
    public boolean keepsLiveRange() {
        return live;
    }

    @Override
    public synchronized boolean commit(Commit c) throws SinkException {
        if (failing) throw new SinkException("store unavailable (test)");
        if (delayMs > 0 || delayMicrosPerRecord > 0) {
            try {
                Thread.sleep(delayMs + c.records().size() * delayMicrosPerRecord / 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SinkException("interrupted", e);
            }
        }
        if (!committed(c.key()).equals(c.expected())) return false;
        if (c.next().hasLive() && !live) throw new AssertionError("live range handed to a sink without live support");
        long now = System.nanoTime();
        for (SyncRecord r : c.records()) {
            stored.add(r);
            storedKeys.add(c.key());
            onLane.add(c.onLiveLane(r));
            storedNanos.add(now);
        }
        marks.put(c.key(), c.next());
        return true;
    }

    @Override
    public synchronized OptionalLong newestEpoch(String gateway, String stream) {
        return marks.keySet().stream().filter(k -> k.gateway().equals(gateway) && k.stream().equals(stream))
                .mapToLong(StreamKey::epoch).max();
    }

    /** Sets the watermark back (a store restored from a backup), dropping records above it. */
    synchronized void restore(StreamKey key, long watermark) {
        for (int i = stored.size() - 1; i >= 0; i--) {
            if (storedKeys.get(i).equals(key) && stored.get(i).seq() > watermark) {
                stored.remove(i);
                storedKeys.remove(i);
                onLane.remove(i);
                storedNanos.remove(i);
            }
        }
        marks.put(key, CommittedRange.through(watermark));
    }

    synchronized List<SyncRecord> snapshot() {
        return new ArrayList<>(stored);
    }

    /** Seqs stored for {@code key}, in the order they were stored. */
    public synchronized List<Long> seqs(StreamKey key) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) if (storedKeys.get(i).equals(key)) out.add(stored.get(i).seq());
        return out;
    }
}
