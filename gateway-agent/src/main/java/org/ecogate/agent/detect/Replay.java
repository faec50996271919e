package org.ecogate.agent.detect;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.model.Reading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded readings through a {@link Detector} as the agent would run it: readings sharing a
 * timestamp form one cycle, and the detector is ticked every second in between. Pure.
 */
public final class Replay {
    /** Every emission in order, and the final state of each event (open ones with their duration so far). */
    public record Result(List<Event> emitted, List<Event> finals, long endTime) {}

    public static final long TICK_MS = 1000;


    private final Detector d;
    private final List<Event> emitted = new ArrayList<>();
    private final Map<String, Event> finals = new LinkedHashMap<>();
    private final List<Reading> cycle = new ArrayList<>();
    private final java.util.function.Consumer<Event> onEvent;
    private java.util.function.Consumer<Summary> onSummary;
    private long cycleTs = Long.MIN_VALUE;
    private long prev = Long.MIN_VALUE;

    /** A streaming replay: feed readings in time order with {@link #accept}, then {@link #finish}. */
    public Replay(DetectionConfig cfg, java.util.function.Consumer<Event> onEvent) {
        this.d = new Detector(cfg);
        this.onEvent = onEvent;
    }

    /** Also hands every summary the replay closes (minute, hour, daily ledger) to {@code sink}; returns this. */
    public Replay onSummary(java.util.function.Consumer<Summary> sink) {
        this.onSummary = sink;
        return this;
    }

    /** Time passes without readings up to {@code t} (ticked every second, as the agent does): closes what ended before it. */
    public void advanceTo(long t) {
        flushCycle();
        if (prev == Long.MIN_VALUE) return;
        for (long at = prev + TICK_MS; at <= t; at += TICK_MS) {
            collect(d.tick(at));
            prev = at;
        }
    }

    /** Next reading; its time must not be before the previous one's (sort the file by time). */
    public void accept(Reading r) {
        if (r.ts() < cycleTs) {
            throw new IllegalArgumentException("time goes backwards (" + r.ts() + " after " + cycleTs + "): sort the readings by time");
        }
        if (r.ts() != cycleTs) flushCycle();
        cycleTs = r.ts();
        cycle.add(r);
    }

    private void flushCycle() {
        if (cycle.isEmpty()) return;
        if (prev != Long.MIN_VALUE) {
            for (long t = prev + TICK_MS; t < cycleTs; t += TICK_MS) collect(d.tick(t));
        }
        collect(d.onReadings(List.copyOf(cycle), cycleTs));
        prev = cycleTs;
        cycle.clear();
    }

    public Result finish() {
        flushCycle();
        for (Event open : d.openEvents()) finals.put(open.id(), open);
        return new Result(List.copyOf(emitted), List.copyOf(finals.values()), prev);
    }

    private void collect(Output o) {
        if (onSummary != null) o.summaries().forEach(onSummary);
        for (Event e : o.events()) {
            emitted.add(e);
            finals.put(e.id(), e);
            if (onEvent != null) onEvent.accept(e);
        }
    }

    /** Replays readings in any order (sorted by time here, file order kept within a timestamp). */
    public static Result run(DetectionConfig cfg, List<Reading> readings) {
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparingLong(Reading::ts));
        Replay r = new Replay(cfg, null);
        sorted.forEach(r::accept);
        return r.finish();
    }
}
