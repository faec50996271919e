package org.ecogate.sync;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every {@link Sink} must pass (published in sync-protocol's test-jar): extend it, return a sink on an
 * empty store from {@link #newSink()} and what it stored from {@link #storedSeqs}. Checks atomic records + range,
 * compare-and-set refusals, live ranges, epochs, durability across reopen and concurrent committers on one stream.
 */
public abstract class SinkContract {
    /** A sink on an empty store (called once per test). */
    protected abstract Sink newSink() throws Exception;

    /** The seqs stored for {@code key}, in ascending seq order, duplicates included. */
    protected abstract List<Long> storedSeqs(Sink sink, StreamKey key) throws Exception;

    /** The same store opened again (closing {@code sink}); default: the same object (in-memory stores). */
    protected Sink reopen(Sink sink) throws Exception {
        return sink;
    }

    private final List<Sink> opened = new ArrayList<>();

    private Sink open() throws Exception {
        Sink s = newSink();
        opened.add(s);
        return s;
    }

    @AfterEach
    void closeSinks() throws Exception {
        for (Sink s : opened) if (s instanceof AutoCloseable c) c.close();
    }

    protected static final StreamKey K = new StreamKey("contract-gw", 1_700_000_000_000L, "readings");

    protected static List<SyncRecord> recs(long from, long to) {
        List<SyncRecord> out = new ArrayList<>();
        for (long s = from; s <= to; s++) out.add(new SyncRecord(s, "fan" + (s % 3) + ".freq", 1_700_000_000_000L + s * 1000, s * 0.5, "good"));
        return out;
    }

    protected static Commit commit(StreamKey k, long prev, long from, long to, CommittedRange expected, CommittedRange next) {
        Batch b = Batch.of(k.gateway(), k.epoch(), k.stream(), prev, recs(from, to));
        return new Commit(b, recs(from, to), expected, next);
    }

    private static List<Long> range(long from, long to) {
        List<Long> out = new ArrayList<>();
        for (long s = from; s <= to; s++) out.add(s);
        return out;
    }

    @Test
    void anEmptyStoreHoldsNothing() throws Exception {
        Sink s = open();
        assertThat(s.committed(K)).isEqualTo(CommittedRange.NONE);
        assertThat(storedSeqs(s, K)).isEmpty();
        OptionalLong e = s.newestEpoch(K.gateway(), K.stream());
        assertThat(e).isEmpty();
    }

    @Test
    void aCommitStoresTheRecordsAndMovesTheWatermark() throws Exception {
        Sink s = open();
        assertThat(s.commit(commit(K, 0, 1, 10, CommittedRange.NONE, CommittedRange.through(10)))).isTrue();
        assertThat(s.committed(K)).isEqualTo(CommittedRange.through(10));
        assertThat(s.commit(commit(K, 10, 11, 25, CommittedRange.through(10), CommittedRange.through(25)))).isTrue();
        assertThat(storedSeqs(s, K)).isEqualTo(range(1, 25));
    }

    @Test
    void aCommitDecidedOnAStaleRangeStoresNothing() throws Exception {
        Sink s = open();
        assertThat(s.commit(commit(K, 0, 1, 10, CommittedRange.NONE, CommittedRange.through(10)))).isTrue();
        assertThat(s.commit(commit(K, 0, 1, 12, CommittedRange.NONE, CommittedRange.through(12)))).isFalse();
        assertThat(s.commit(commit(K, 5, 6, 12, CommittedRange.through(5), CommittedRange.through(12)))).isFalse();
        assertThat(s.committed(K)).isEqualTo(CommittedRange.through(10));
        assertThat(storedSeqs(s, K)).isEqualTo(range(1, 10));
    }

    @Test
    void anEmptyCommitMovesOnlyTheRange() throws Exception {
        Sink s = open();
        Batch b = Batch.of(K.gateway(), K.epoch(), K.stream(), 0, recs(1, 3));
        assertThat(s.commit(new Commit(b, List.of(), CommittedRange.NONE, CommittedRange.through(3)))).isTrue();
        assertThat(s.committed(K)).isEqualTo(CommittedRange.through(3));
        assertThat(storedSeqs(s, K)).isEmpty();
    }

    @Test
    void streamsEpochsAndGatewaysAreIndependent() throws Exception {
        Sink s = open();
        StreamKey otherEpoch = new StreamKey(K.gateway(), K.epoch() + 1, K.stream());
        StreamKey otherStream = new StreamKey(K.gateway(), K.epoch(), "events");
        StreamKey otherGw = new StreamKey("contract-gw2", K.epoch(), K.stream());
        assertThat(s.commit(commit(K, 0, 1, 5, CommittedRange.NONE, CommittedRange.through(5)))).isTrue();
        for (StreamKey k : List.of(otherEpoch, otherStream, otherGw)) {
            assertThat(s.committed(k)).as(k.toString()).isEqualTo(CommittedRange.NONE);
            assertThat(s.commit(commit(k, 0, 1, 2, CommittedRange.NONE, CommittedRange.through(2)))).isTrue();
            assertThat(storedSeqs(s, k)).isEqualTo(range(1, 2));
        }
        assertThat(s.committed(K)).isEqualTo(CommittedRange.through(5));
        OptionalLong e = s.newestEpoch(K.gateway(), K.stream());
        if (e.isPresent()) assertThat(e.getAsLong()).isEqualTo(K.epoch() + 1);
    }

    @Test
    void aLiveRangeIsKeptBesideTheWatermarkAndMerged() throws Exception {
        Sink s = open();
        if (!s.keepsLiveRange()) return;
        CommittedRange open = new CommittedRange(0, 100, 110);
        assertThat(s.commit(commit(K, 100, 101, 110, CommittedRange.NONE, open))).isTrue();
        assertThat(s.committed(K)).isEqualTo(open);
        CommittedRange merged = CommittedRange.through(110);
        assertThat(s.commit(commit(K, 0, 1, 100, open, merged))).isTrue();
        assertThat(s.committed(K)).isEqualTo(merged);
        assertThat(storedSeqs(s, K)).isEqualTo(range(1, 110));
    }

    @Test
    void committedDataSurvivesReopening() throws Exception {
        Sink s = open();
        assertThat(s.commit(commit(K, 0, 1, 7, CommittedRange.NONE, CommittedRange.through(7)))).isTrue();
        Sink again = reopen(s);
        if (again != s) opened.add(again);
        assertThat(again.committed(K)).isEqualTo(CommittedRange.through(7));
        assertThat(storedSeqs(again, K)).isEqualTo(range(1, 7));
    }

    @Test
    void concurrentCommittersOnOneStreamNeverInterleave() throws Exception {
        Sink s = open();
        int threads = 4, step = 10, total = 400;
        AtomicInteger won = new AtomicInteger(), lost = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    while (true) {
                        CommittedRange have = s.committed(K);
                        long w = have.watermark();
                        if (w >= total) return null;
                        if (s.commit(commit(K, w, w + 1, w + step, have, CommittedRange.through(w + step)))) won.incrementAndGet();
                        else lost.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : fs) f.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertThat(won.get()).isEqualTo(total / step);
        assertThat(storedSeqs(s, K)).as("every seq once (lost races: %d)", lost.get()).isEqualTo(range(1, total));
        assertThat(s.committed(K)).isEqualTo(CommittedRange.through(total));
    }
}
