package org.ecogate.agent.runtime;

import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
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
 * wall clock is trusted once it is past a build-time floor. {@link #setWall} (an HJ 212 platform's 1012) corrects the
 * wall time by an offset added to the system clock, which is never set. Thread-safe. Trap: convert agent-timeline
 * times to wall with {@link #toWall} only when emitting; the offset changes at every step.
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
    private volatile long originWall;
    private final long originMono;
    private long offset; // wall - agent time, as of the last check
    private volatile long correction; // added to the system wall clock by setWall; 0 until a platform sets the time
    private volatile long steps;      // steps detected or set so far: summaries close their windows when it changes

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

    /**
     * Continues the timeline of an earlier run instead of restarting it at the wall clock, so restored detector
     * timers neither jump nor freeze across a step: agent time now = {@code savedAgent} + the downtime, the downtime
     * being the wall-clock difference when both wall readings are trusted and it is not negative, else 0 (unknown).
     * Call once, before the first {@link #check}. Returns the downtime counted, ms.
     */
    public synchronized long resume(long savedAgent, long savedWall) {
        long wall = wallNow();
        long down = savedWall >= floorMs && wall >= floorMs ? Math.max(0, wall - savedWall) : 0;
        long elapsed = (clock.monoNanos() - originMono) / 1_000_000;
        originWall = savedAgent + down - elapsed;
        offset = wall - agentNow();
        return down;
    }

    /** Wall-clock time for timestamps. */
    public long wallNow() {
        return clock.wallMillis() + correction;
    }

    /** The agent timeline: wall time at start + monotonic time since; steps never move it. */
    public long agentNow() {
        return originWall + (clock.monoNanos() - originMono) / 1_000_000;
    }

    /** Whether the wall clock can be believed: it reads past the build-time floor. */
    public boolean trusted() {
        return wallNow() >= floorMs;
    }

    /** What {@link #setWall} adds to the system wall clock, ms (0: none). */
    public long correction() {
        return correction;
    }

    /**
     * Sets the wall time to {@code to} without touching the system clock: the difference becomes a correction added
     * to it, and the step is returned (the caller records it as a {@code clock_step}); timers, on the agent timeline,
     * do not move. Refused ({@link IllegalArgumentException}, with the reason) for a time before the trust floor.
     */
    public synchronized Step setWall(long to) {
        if (to < floorMs) {
            throw new IllegalArgumentException(java.time.Instant.ofEpochMilli(to) + " is before the trust floor "
                    + java.time.Instant.ofEpochMilli(floorMs));
        }
        long now = agentNow();
        long from = wallNow();
        correction += to - from;
        offset = to - now; // check() must not report this step a second time
        steps++;
        return new Step(from, to, to - from, now);
    }

    /** The wall-clock time of agent-timeline time {@code t}, by the offset of the last {@link #check}. */
    public synchronized long toWall(long t) {
        return t + offset;
    }

    /**
     * {@code cycle} (stamped on the agent timeline) with wall-clock timestamps, for the buffer; GOOD readings whose
     * wall time is before the trust floor become {@link Quality#TIME_UNTRUSTED} (the platform re-dates them by the
     * clock_step that corrects the clock). The same list while no step happened and the clock is trusted.
     */
    public List<Reading> toWall(List<Reading> cycle) {
        long off = offset();
        boolean untrusted = false; // judged by the stamp itself: a step between two checks does not split the two
        for (Reading r : cycle) untrusted |= r.ts() + off < floorMs;
        if (off == 0 && !untrusted) return cycle;
        List<Reading> out = new ArrayList<>(cycle.size());
        for (Reading r : cycle) {
            Quality q = r.quality() == Quality.GOOD && r.ts() + off < floorMs ? Quality.TIME_UNTRUSTED : r.quality();
            out.add(new Reading(r.point(), r.ts() + off, r.value(), q));
        }
        return out;
    }

    /** How many wall-clock steps were detected or set since start (a change tells that the wall clock jumped). */
    public long stepCount() {
        return steps;
    }

    /** Wall minus agent time as of the last check: how far the wall clock has stepped since start. */
    public synchronized long offset() {
        return offset;
    }

    /**
     * Detects a step since the last call (at most one per call; call every second or so). A system-clock step while a
     * {@link #setWall} correction is in place: if it brings the system clock within the threshold of the corrected
     * time, the correction is cleared and no step is reported (the time did not move); otherwise it is a step like any
     * other and the correction stays.
     */
    public synchronized List<Step> check() {
        long now = agentNow();
        long wall = wallNow();
        long off = wall - now;
        List<Step> steps = new ArrayList<>(1);
        if (Math.abs(off - offset) > thresholdMs && correction != 0
                && Math.abs(clock.wallMillis() - (now + offset)) <= thresholdMs) {
            // the system clock stepped (NTP) to within the threshold of the corrected time: it needs no correction now
            correction = 0;
            wall = clock.wallMillis();
            off = wall - now;
        }
        if (Math.abs(off - offset) > thresholdMs) {
            steps.add(new Step(now + offset, wall, off - offset, now));
            this.steps++;
        }
        offset = off; // small drift (NTP slewing) is absorbed too (events fix their wall start when they open)
        return steps;
    }

    /** A {@link Clock} reading {@link #wallNow} (the corrected wall time), for stamps sent to HJ 212 platforms. */
    public Clock wallClock() {
        return new MillisClock(this::wallNow);
    }

    /** A {@link Clock} on the agent timeline, for components that take one (buffer retention, rates). */
    public Clock agentClock() {
        return new MillisClock(this::agentNow);
    }

    /** A UTC {@link Clock} over one of this service's millisecond sources. */
    private static final class MillisClock extends Clock {
        private final java.util.function.LongSupplier millis;

        MillisClock(java.util.function.LongSupplier millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis.getAsLong();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis());
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
}
