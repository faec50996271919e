package org.ecogate.agent.runtime;

import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.StateChange;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.model.Reading;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector as the agent runs it: it sees the <b>agent timeline</b> (monotonic, {@link ClockService#agentNow}), so
 * debounce, grace, offline timers, durations and summary windows never jump with the wall clock; the times in what
 * it emits are turned into wall-clock times ({@link ClockService#toWall}). Not thread-safe: callers synchronize on
 * {@link #detector()} as before. Trap: feed it readings stamped on the agent timeline; the buffer gets the same
 * readings with wall timestamps ({@link ClockService#toWall(List)}).
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

    public TimedDetector(Detector d, ClockService clock) {
        this.d = d;
        this.clock = clock;
        this.savedAt = clock.agentNow();
        this.unsaved = true; // a new or reloaded detector: its state is not in the buffer yet
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
        return toWall(d.onReadings(cycle, now));
    }

    /** Time passes without readings. */
    public Output tick() {
        return toWall(d.tick(clock.agentNow()));
    }

    private Output toWall(Output o) {
        if (o.isEmpty()) return o;
        long off = clock.offset();
        if (off == 0) return o;
        List<StateChange> changes = new ArrayList<>(o.changes().size());
        for (StateChange c : o.changes()) changes.add(new StateChange(c.equipment(), c.from(), c.to(), c.at() + off));
        List<Event> events = new ArrayList<>(o.events().size());
        for (Event e : o.events()) {
            events.add(new Event(e.id(), e.type(), e.facility(), e.status(), e.start() + off, e.end() == null ? null : e.end() + off,
                    e.durationSeconds(), e.equipment(), e.equipmentStates(), e.level(), e.point(), e.value(), e.emittedAt() + off));
        }
        List<Summary> summaries = new ArrayList<>(o.summaries().size());
        for (Summary s : o.summaries()) {
            summaries.add(new Summary(s.kind(), s.subject(), s.start() + off, s.end() + off, s.count(), s.min(), s.max(), s.avg(),
                    s.delta(), s.runningSeconds(), s.stops(), s.longestStopSeconds()));
        }
        return new Output(changes, events, summaries);
    }
}
