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
 */
public final class TimedDetector {
    private final Detector d;
    private final ClockService clock;

    public TimedDetector(Detector d, ClockService clock) {
        this.d = d;
        this.clock = clock;
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
