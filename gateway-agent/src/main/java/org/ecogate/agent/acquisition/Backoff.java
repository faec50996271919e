package org.ecogate.agent.acquisition;

import java.time.Duration;
import java.util.Random;

/**
 * When to try a failing device again: exponential backoff from 1 s (1, 2, 4 ... s, +-20 % jitter so that many
 * devices do not reconnect in step), and after {@code offlineAfter} consecutive failed cycles a probe every
 * {@code probe} (the device is degraded: reported offline, costing the others nothing in between). No delay exceeds
 * {@code probe} (default: the device's interval), so a device that answers again is read within one probe: a data
 * gap is reported at most one probe longer than the real silence. Not thread-safe.
 */
public final class Backoff {
    private static final long BASE_MS = 1000;

    private final int offlineAfter;
    private final long probeMs;
    private final Random jitter;
    private int failures;
    private long nextTryMs = Long.MIN_VALUE;

    public Backoff(int offlineAfter, Duration probe, long seed) {
        this.offlineAfter = offlineAfter;
        this.probeMs = probe.toMillis();
        this.jitter = new Random(seed);
    }

    /** Whether a try is due at {@code nowMs}. */
    public boolean due(long nowMs) {
        return nowMs >= nextTryMs;
    }

    public void succeeded() {
        failures = 0;
        nextTryMs = Long.MIN_VALUE;
    }

    /** Records a failed try at {@code nowMs}; returns the delay until the next one. */
    public long failed(long nowMs) {
        failures++;
        long delay = degraded() ? probeMs : Math.min(probeMs, BASE_MS << Math.min(failures - 1, 20));
        delay = Math.min(probeMs, (long) (delay * (0.8 + 0.4 * jitter.nextDouble()))); // never later than a probe
        nextTryMs = nowMs + delay;
        return delay;
    }

    public long probeMs() {
        return probeMs;
    }

    public int failures() {
        return failures;
    }

    public boolean degraded() {
        return failures >= offlineAfter;
    }

    public String state() {
        return failures == 0 ? "online" : degraded() ? "offline" : "retrying";
    }
}
