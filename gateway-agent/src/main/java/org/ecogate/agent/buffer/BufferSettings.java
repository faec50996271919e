package org.ecogate.agent.buffer;

import org.ecogate.agent.config.BufferConfig;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Limits a buffer enforces, resolved from {@link BufferConfig} (or built by tests with a moving clock).
 * {@code maxBytes} 0 = no size limit; {@code maxAge} ZERO = no age limit; {@code keepAcked} null = keep acknowledged
 * readings until a limit needs the space. Immutable.
 */
public record BufferSettings(long maxBytes, Duration maxAge, Duration keepAcked, Duration keepDocs, int memoryCycles, Clock clock) {
    public BufferSettings {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(keepDocs, "keepDocs");
        Objects.requireNonNull(clock, "clock");
        if (maxBytes < 0) throw new IllegalArgumentException("maxBytes " + maxBytes + " < 0");
        if (memoryCycles < 1) throw new IllegalArgumentException("memoryCycles " + memoryCycles + " < 1");
    }

    /** The settings the config defaults give (512MB, 30d, acknowledged readings deleted promptly). */
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
        return new BufferSettings(c.maxBytes(), c.maxAge(), c.keepAcked(), c.keepDocs(), c.memoryCycles(), Clock.systemUTC());
    }

    public BufferSettings withClock(Clock c) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, memoryCycles, c);
    }

    public BufferSettings withMaxBytes(long bytes) {
        return new BufferSettings(bytes, maxAge, keepAcked, keepDocs, memoryCycles, clock);
    }

    public BufferSettings withMaxAge(Duration age) {
        return new BufferSettings(maxBytes, age, keepAcked, keepDocs, memoryCycles, clock);
    }

    public BufferSettings withKeepAcked(Duration keep) {
        return new BufferSettings(maxBytes, maxAge, keep, keepDocs, memoryCycles, clock);
    }

    public BufferSettings withMemoryCycles(int cycles) {
        return new BufferSettings(maxBytes, maxAge, keepAcked, keepDocs, cycles, clock);
    }
}
