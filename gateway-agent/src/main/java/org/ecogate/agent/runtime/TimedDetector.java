package org.ecogate.agent.runtime;

import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.Replay;
import org.ecogate.agent.detect.StateChange;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.model.Reading;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector as the agent runs it: it sees the <b>agent timeline</b> (monotonic, {@link ClockService#agentNow}), so
 * debounce, grace, offline timers, durations and summary windows never jump with the wall clock; the times in what
 * it emits are turned into wall-clock times ({@link ClockService#toWall}); an event's start is dated in wall time once,
 * when it opens. Summary windows are labelled in wall time and fed the wall-stamped readings; a wall-clock step
 * closes the open ones (issue 22). Not thread-safe: callers synchronize on {@link #detector()} as before. Trap: feed
 * it readings stamped on the agent timeline; the buffer gets the same readings with wall timestamps.
 * <p>Saving the state (issue 12): a cycle with output (events, summaries, state changes) carries the state in its
 * transaction ({@link #stateWith}), so a restart never repeats nor loses what was emitted; progress without output
 * is saved at most every {@link #saveEvery} ({@code buffer.stateEvery}; {@link #stateIfDue}) and at a clean stop
 * ({@link #stateIfUnsaved}).
 */
public final class TimedDetector {
    /** The default longest a cycle without output waits for its state to be saved: what a crash may lose of the detector. */
    public static final long SAVE_EVERY_MS = 10_000;
    private long saveEveryMs = SAVE_EVERY_MS;

    private final Detector d;
    private final ClockService clock;
    private long savedAt;         // agent time of the last state handed out for saving
    private boolean unsaved;      // the detector changed since then
    private long steps;           // the clock's step count at the last call: a change is a wall-clock step

    public TimedDetector(Detector d, ClockService clock) {
        this.d = d;
        this.clock = clock;
        this.savedAt = clock.agentNow();
        this.unsaved = true; // a new or reloaded detector: its state is not in the buffer yet
        this.steps = clock.stepCount();
    }

    /**
     * The detector of the saved {@code state} (null: a new one), with the clock's timeline continued from where the
     * state was saved ({@link ClockService#resume}): timers saved before a wall-clock step neither jump nor freeze.
     */
    public static TimedDetector restore(org.ecogate.agent.config.DetectionConfig cfg, String state, ClockService clock) {
        Detector d = state == null ? new Detector(cfg) : Detector.restore(cfg, DetectJson.snapshot(state));
        long[] at = DetectJson.timeline(state);
        if (at != null) clock.resume(at[0], at[1]);
        TimedDetector td = new TimedDetector(d, clock);
        td.unsaved = state == null;
        return td;
    }

    /**
     * As {@link #restore(org.ecogate.agent.config.DetectionConfig, String, ClockService)}, then the open summary windows
     * are rebuilt from the readings {@code buffer} holds (issue 22): the saved state may be a save interval older
     * than the last committed cycle, and a summary must equal a recomputation from the buffer. Returns the detector;
     * {@code rebuilt[0]} (when not null) gets the number of readings fed.
     */
    public static TimedDetector restore(org.ecogate.agent.config.DetectionConfig cfg, String state, ClockService clock,
                                        org.ecogate.agent.buffer.Buffer buffer, long[] rebuilt) throws org.ecogate.agent.buffer.BufferException {
        TimedDetector td = restore(cfg, state, clock);
        Output caught = state == null ? Output.EMPTY : td.catchUp(buffer, DetectJson.timeline(state));
        if (!caught.isEmpty()) {
            buffer.appendCycle(List.of(), EventDocs.docs(caught), td.state());
            EventDocs.report(caught);
        }
        long from = td.d.summariesRebuildFrom();
        if (state != null && from != Long.MIN_VALUE) {
            long n = buffer.readingsSince(from, REBUILD_MARGIN_MS, td.d.rebuildSummaries());
            if (rebuilt != null) rebuilt[0] = n;
            td.unsaved = true;
        }
        return td;
    }

    /**
     * Equipment states, events and ledgers continue from the buffered readings the saved state has not seen (stamped
     * after its last evaluation: progress without output is saved at most every {@link #saveEvery}), ticked every
     * second through the readings and the downtime up to now, as a replay of the buffer would: a kill changes no
     * ledger (issue 22). Returns what that emitted (wall times), to be committed with the state.
     */
    private Output catchUp(org.ecogate.agent.buffer.Buffer buffer, long[] timeline) throws org.ecogate.agent.buffer.BufferException {
        long last = d.lastNow();
        if (last == Long.MIN_VALUE || timeline == null) return Output.EMPTY;
        long off = timeline[1] - timeline[0]; // wall minus agent time when the state was saved: how the readings were stamped
        List<Event> events = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        List<StateChange> changes = new ArrayList<>();
        java.util.function.Consumer<Output> keep = o -> {
            Output w = toWall(o, off);
            events.addAll(w.events());
            summaries.addAll(w.summaries());
            changes.addAll(w.changes());
        };
        List<Reading> cycle = new ArrayList<>();
        long[] at = {last, Long.MIN_VALUE}; // last evaluation, stamp of the cycle being gathered (agent time)
        Runnable flush = () -> {
            if (cycle.isEmpty()) return;
            for (long t = at[0] + Replay.TICK_MS; t < at[1]; t += Replay.TICK_MS) keep.accept(d.catchUp(List.of(), t, off));
            keep.accept(d.catchUp(List.copyOf(cycle), at[1], off));
            at[0] = at[1];
            cycle.clear();
        };
        TimeOrder order = new TimeOrder(REBUILD_MARGIN_MS, r -> {
            long t = r.ts() - off;
            if (t <= at[0]) return; // seen before the save (or out of order beyond the window)
            if (t != at[1]) flush.run();
            at[1] = t;
            cycle.add(new Reading(r.point(), t, r.value(), r.quality()));
        });
        buffer.readingsSince(last + off + 1, REBUILD_MARGIN_MS, r -> {
            try {
                order.accept(r);
            } catch (IllegalArgumentException e) {
                // stamped before readings already passed on (a clock step back): the agent would have seen it late too
            }
        });
        order.finish();
        flush.run();
        long now = clock.agentNow();
        // the downtime: every second for an hour (offline timers, debounce, grace), then every minute (ledger days)
        for (long t = at[0] + Replay.TICK_MS; t <= now; t += t - at[0] < CATCH_UP_FINE_MS ? Replay.TICK_MS : 60_000) {
            keep.accept(d.catchUp(List.of(), t, off));
        }
        if (events.isEmpty() && summaries.isEmpty() && changes.isEmpty()) return Output.EMPTY;
        return new Output(changes, events, summaries);
    }

    /** How long after the last buffered reading a catch-up ticks every second (timers longer than this fire up to a minute late). */
    static final long CATCH_UP_FINE_MS = 3_600_000;

    /** How far out of time order buffered readings may be for a rebuild to find them (devices polled in parallel). */
    static final long REBUILD_MARGIN_MS = 60_000;

    /** The state to store with a cycle: the detector snapshot and where the timeline stands (agent and wall time). */
    public String state() {
        long now = clock.agentNow();
        savedAt = now;
        unsaved = false;
        return DetectJson.write(d.snapshot(), now, clock.wallNow());
    }

    /**
     * The state to store in the transaction of a cycle that produced {@code out}: always when it has output (an
     * event, summary or state change must never be committed without the state that knows it), else null.
     */
    public String stateWith(Output out) {
        if (!out.isEmpty()) return state();
        unsaved = true;
        return null;
    }

    /** The state when it changed and was last saved {@link #saveEvery} or more ago, else null (asked once a second). */
    public String stateIfDue() {
        return unsaved && clock.agentNow() - savedAt >= saveEveryMs ? state() : null;
    }

    /** How long progress without output may wait to be saved ({@code buffer.stateEvery}); returns this. */
    public TimedDetector saveEvery(java.time.Duration every) {
        this.saveEveryMs = every.toMillis();
        return this;
    }

    public long saveEveryMs() {
        return saveEveryMs;
    }

    /** The state if it changed since it was last saved, else null (at a clean stop). */
    public String stateIfUnsaved() {
        return unsaved ? state() : null;
    }

    public Detector detector() {
        return d;
    }

    /** One poll cycle, stamped on the agent timeline ({@code now} = {@link ClockService#agentNow} at the poll). */
    public Output onReadings(List<Reading> cycle, long now) {
        return onReadings(cycle, clock.toWall(cycle), now);
    }

    /** One poll cycle: {@code cycle} on the agent timeline, {@code stamped} the same readings as buffered (wall time). */
    public Output onReadings(List<Reading> cycle, List<Reading> stamped, long now) {
        long off = clock.offset();
        Output stepped = concat(stepped(), missedTicks(now, off));
        // wall time as the readings are stamped (agent time + the offset of the last check), not the raw wall clock:
        // a step not yet checked must not close a window that readings stamped before it still belong to
        return concat(stepped, toWall(d.onCycle(cycle, now, stamped, now + off, off), off));
    }

    /** Time passes without readings. */
    public Output tick() {
        long off = clock.offset();
        long now = clock.agentNow();
        Output stepped = concat(stepped(), missedTicks(now, off));
        return concat(stepped, toWall(d.tick(now, now + off, off), off));
    }

    /**
     * The ticks a stalled tick thread missed (load, a slow commit holding the lock) between the last evaluation and
     * {@code now}, every second as a replay of the buffer ticks between cycles: a poll gap longer than offlineAfter
     * commits OFFLINE before the next cycle's data, live as in the replay, or the ledger counts the gap as running.
     */
    private Output missedTicks(long now, long off) {
        long last = d.lastNow();
        if (last == Long.MIN_VALUE || now - last <= Replay.TICK_MS) return Output.EMPTY;
        Output out = Output.EMPTY;
        for (long t = last + Replay.TICK_MS; t < now; t += t - last < CATCH_UP_FINE_MS ? Replay.TICK_MS : 60_000) {
            out = concat(out, toWall(d.tick(t, t + off, off), off));
        }
        return out;
    }

    /** The summaries a wall-clock step closed since the last call (its windows would otherwise mix both sides). */
    private Output stepped() {
        long n = clock.stepCount();
        if (n == steps) return Output.EMPTY;
        steps = n;
        return d.clockStepped(clock.agentNow() + clock.offset());
    }

    /** Everything {@code a} and then {@code b} emitted (changes, events, summaries). */
    private static Output concat(Output a, Output b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        List<StateChange> c = new ArrayList<>(a.changes());
        c.addAll(b.changes());
        List<Event> e = new ArrayList<>(a.events());
        e.addAll(b.events());
        List<Summary> s = new ArrayList<>(a.summaries());
        s.addAll(b.summaries());
        return new Output(c, e, s);
    }

    private static Output toWall(Output o, long off) {
        if (o.isEmpty() || off == 0) return o;
        List<StateChange> changes = new ArrayList<>(o.changes().size());
        for (StateChange c : o.changes()) changes.add(new StateChange(c.equipment(), c.from(), c.to(), c.at() + off));
        List<Event> events = new ArrayList<>(o.events().size());
        for (Event e : o.events()) {
            events.add(new Event(e.id(), e.type(), e.facility(), e.status(), e.start(), e.end() == null ? null : e.end() + off,
                    e.durationSeconds(), e.equipment(), e.equipmentStates(), e.level(), e.point(), e.value(), e.emittedAt() + off));
        }
        List<Summary> summaries = new ArrayList<>(o.summaries().size());
        for (Summary s : o.summaries()) summaries.add(Summary.LEDGER.equals(s.kind()) ? s.shifted(off) : s); // windows are wall already
        return new Output(changes, events, summaries);
    }
}
