package org.ecogate.platform;

import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.Sink;
import org.ecogate.sync.SinkException;
import org.ecogate.sync.StreamKey;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * A {@link Sink} decorator measuring what the metrics endpoint shows: commit latency (count, sum, max) and refused
 * commits. Thread-safe. Trap: these are this instance's figures; per-gateway lag is read from the database instead
 * ({@link PgSink#newestCommitted()}), so every instance reports the same lag.
 */
final class MeteredSink implements Sink {
    private final Sink inner;
    final AtomicLong commits = new AtomicLong();
    final AtomicLong commitNanos = new AtomicLong();
    final LongAccumulator maxCommitNanos = new LongAccumulator(Math::max, 0);
    final AtomicLong refused = new AtomicLong();

    MeteredSink(Sink inner) {
        this.inner = inner;
    }

    @Override
    public CommittedRange committed(StreamKey key) throws SinkException {
        return inner.committed(key);
    }

    @Override
    public boolean commit(Commit c) throws SinkException {
        long t0 = System.nanoTime();
        boolean ok = inner.commit(c);
        long dt = System.nanoTime() - t0;
        commits.incrementAndGet();
        commitNanos.addAndGet(dt);
        maxCommitNanos.accumulate(dt);
        if (!ok) {
            refused.incrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public boolean keepsLiveRange() {
        return inner.keepsLiveRange();
    }

    @Override
    public OptionalLong newestEpoch(String gateway, String stream) throws SinkException {
        return inner.newestEpoch(gateway, stream);
    }
}
