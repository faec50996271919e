package org.ecogate.agent.runtime;

import org.ecogate.agent.time.AgentClock;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's one time source. Timestamps come from the wall clock ({@link #wallNow}); every duration comes from the
 * <b>agent timeline</b> ({@link #agentNow}): the wall time at start plus monotonic time elapsed, which never steps.
 * {@link #check} compares the two: a divergence beyond the threshold is a wall-clock step (NTP correcting a stale
 * boot clock, a technician setting the date), returned once so the caller records a {@code clock_step} event. The
 * wall clock is trusted once it is past a build-time floor. Thread-safe. Trap: convert agent-timeline times to wall
 * with {@link #toWall} only when emitting; the offset changes at every step.
 */
public final class ClockService {
    /** No gateway built after this instant runs with a correct clock before it (2026-01-01T00:00:00Z). */
    public static final long TRUST_FLOOR_MS = 1_767_225_600_000L;
    /** Wall and monotonic time may drift apart this much between two checks before it counts as a step. */
    public static final long DEFAULT_STEP_THRESHOLD_MS = 2_000;

    /** A wall-clock step: the wall clock read {@code from} where it should have read it, then {@code to}. */
    public record Step(long from, long to, long sizeMs, long agentTime) {}

    private final AgentClock clock;
    private final long thresholdMs;
    private final long floorMs;
    private final long originWall;
    private final long originMono;
    private long offset; // wall - agent time, as of the last check

    public ClockService(AgentClock clock, long thresholdMs, long floorMs) {
        this.clock = clock;
        this.thresholdMs = thresholdMs;
        this.floorMs = floorMs;
        this.originMono = clock.monoNanos();
        this.originWall = clock.wallMillis();
    }

    public static ClockService system() {
        return new ClockService(AgentClock.SYSTEM, DEFAULT_STEP_THRESHOLD_MS, TRUST_FLOOR_MS);
    }

    /** Wall-clock time for timestamps. */
    public long wallNow() {
        return clock.wallMillis();
    }

    /** The agent timeline: wall time at start + monotonic time since; steps never move it. */
    public long agentNow() {
        return originWall + (clock.monoNanos() - originMono) / 1_000_000;
    }

    /** Whether the wall clock can be believed: it reads past the build-time floor. */
    public boolean trusted() {
        return clock.wallMillis() >= floorMs;
    }

    /** The wall-clock time of agent-timeline time {@code t}, by the offset of the last {@link #check}. */
    public synchronized long toWall(long t) {
        return t + offset;
    }

    /** {@code cycle} (stamped on the agent timeline) with wall-clock timestamps; the same list while no step happened. */
    public List<org.ecogate.agent.model.Reading> toWall(List<org.ecogate.agent.model.Reading> cycle) {
        long off = offset();
        if (off == 0) return cycle;
        List<org.ecogate.agent.model.Reading> out = new ArrayList<>(cycle.size());
        for (org.ecogate.agent.model.Reading r : cycle) out.add(new org.ecogate.agent.model.Reading(r.point(), r.ts() + off, r.value(), r.quality()));
        return out;
    }

    /** Wall minus agent time as of the last check: how far the wall clock has stepped since start. */
    public synchronized long offset() {
        return offset;
    }

    /** Detects a step since the last call (at most one per call; call every second or so). */
    public synchronized List<Step> check() {
        long now = agentNow();
        long wall = clock.wallMillis();
        long off = wall - now;
        List<Step> steps = new ArrayList<>(1);
        if (Math.abs(off - offset) > thresholdMs) steps.add(new Step(now + offset, wall, off - offset, now));
        offset = off; // small drift (NTP slewing) is absorbed too
        return steps;
    }

    /** A {@link Clock} on the agent timeline, for components that take one (buffer retention, rates). */
    public Clock agentClock() {
        return new Clock() {
            @Override
            public long millis() {
                return agentNow();
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(agentNow());
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
    }
}
