package org.ecogate.agent.buffer;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand. Thread-safe. */
public final class TestClock extends Clock {
    private final AtomicLong ms;

    public TestClock(long startMs) {
        this.ms = new AtomicLong(startMs);
    }

    public long advance(long byMs) {
        return ms.addAndGet(byMs);
    }

    @Override
    public long millis() {
        return ms.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(ms.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
