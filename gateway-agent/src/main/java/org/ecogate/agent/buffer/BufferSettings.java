package org.ecogate.agent.buffer;

import org.ecogate.agent.config.BufferConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits a buffer enforces, resolved from {@link BufferConfig} (or built by tests with a moving clock).
 * {@code maxBytes} 0 = no size limit; {@code maxAge} ZERO = no age limit; {@code keepAcked} null = keep acknowledged
 * readings until a limit needs the space; {@code commitEvery} ZERO = every cycle is its own transaction, else readings
 * (and acks) of all devices wait in memory at most this long and share one transaction; {@code syncEvery} ZERO = readings
 * are synced only with events, gaps and checkpoints, else a commit is durable (fsync) at least this often. Immutable.
 */
public record BufferSettings(long maxBytes, Duration maxAge, Duration keepAcked, Duration keepDocs, int memoryCycles, Clock clock,
                             Duration commitEvery, Duration syncEvery) {
    public BufferSettings {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(commitEvery, "commitEvery");
        Objects.requireNonNull(syncEvery, "syncEvery");
        if (commitEvery.isNegative()) throw new IllegalArgumentException("commitEvery " + commitEvery + " < 0");
        Objects.requireNonNull(keepDocs, "keepDocs");
        Objects.requireNonNull(clock, "clock");
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes " + maxBytes + " < 0");
        if (memoryCycles < 1) throw new IllegalArgumentException("memoryCycles " + memoryCycles + " < 1");
    }

    /** Every cycle committed at once (tools, tests). */
    public BufferSettings(long maxBytes, Duration maxAge, Duration keepAcked, Duration keepDocs, int memoryCycles, Clock clock) {
        this(maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, clock, Duration.ZERO, Duration.ZERO);
    }

    /** The settings the config defaults give (512MB, 30d, acknowledged readings deleted promptly, commits every second). */
    public static BufferSettings defaults() {
        return of(new BufferConfig(null, BufferConfig.DEFAULT_MAX_BYTES, BufferConfig.DEFAULT_MAX_AGE,
                BufferConfig.DEFAULT_KEEP_ACKED, BufferConfig.DEFAULT_KEEP_DOCS, BufferConfig.DEFAULT_MEMORY_CYCLES));
    }

    /** No limits and nothing deleted: what {@code SqliteBuffer.open(Path)} uses (tools, tests, older callers). */
    public static BufferSettings retainAll() {
        return new BufferSettings(0, Duration.ZERO, null, Duration.ofDays(36_500), BufferConfig.DEFAULT_MEMORY_CYCLES, Clock.systemUTC());
    }

    /** From a resolved config section (see {@link BufferConfig#resolve}). */
    public static BufferSettings of(BufferConfig c) {
        return new BufferSettings(c.maxBytes(), c.maxAge(), c.keepAcked(), c.keepDocs(), c.memoryCycles(), Clock.systemUTC(),
                c.commitEvery() == null ? Duration.ZERO : c.commitEvery(), c.syncEvery() == null ? Duration.ZERO : c.syncEvery());
    }

    public BufferSettings withClock(Clock c) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, c, commitEvery, syncEvery);
    }

    public BufferSettings withMaxBytes(long bytes) {
        return new BufferSettings(bytes, maxAge, keepAcked, keepDocs, memoryCycles, clock, commitEvery, syncEvery);
    }

    public BufferSettings withMaxAge(Duration age) {
        return new BufferSettings(maxBytes, age, keepAcked, keepDocs, memoryCycles, clock, commitEvery, syncEvery);
    }

    public BufferSettings withKeepAcked(Duration keep) {
        return new BufferSettings(maxBytes, maxAge, keep, keepDocs, memoryCycles, clock, commitEvery, syncEvery);
    }

    public BufferSettings withMemoryCycles(int cycles) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, cycles, clock, commitEvery, syncEvery);
    }

    /** Readings wait at most {@code every} to share a transaction (ZERO: each cycle commits at once). */
    public BufferSettings withCommitEvery(Duration every) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, clock, every, syncEvery);
    }

    /** Readings never wait longer than the uplink would hold them: commitEvery capped at {@code latency}. */
    public BufferSettings capCommitAt(Duration latency) {
        return latency != null && latency.compareTo(commitEvery) < 0 ? withCommitEvery(latency) : this;
    }

    /** A commit is durable (fsync) at least this often (ZERO: only with events, gaps and checkpoints). */
    public BufferSettings withSyncEvery(Duration every) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, clock, commitEvery, every);
    }
}
