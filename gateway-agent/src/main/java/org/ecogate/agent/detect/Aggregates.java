package org.ecogate.agent.detect;

import org.ecogate.agent.model.Reading;

import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Minute or hour aggregates per point. A window is emitted when the first reading or tick past its end
 * arrives; windows without readings emit nothing. Counter points get a delta: the sum of increases between
 * consecutive GOOD samples (carried across windows, a decrease counts as a counter reset).
 * Not thread-safe; its {@link State} is snapshotted.
 */
final class Aggregates {
    static final class Agg {
        long count;
        Double min;
        Double max;
        double sum;
        Double delta;
    }

    static final class State {
        long windowStart = Long.MIN_VALUE;
        TreeMap<String, Agg> points = new TreeMap<>();
        Map<String, Double> lastCounter = new HashMap<>();
    }

    private final String kind;
    private final ChronoUnit unit;
    private final ZoneId zone;
    private final Set<String> counters;
    private final State s;

    Aggregates(String kind, ChronoUnit unit, ZoneId zone, Set<String> counters, State restored) {
        this.kind = kind;
        this.unit = unit;
        this.zone = zone;
        this.counters = counters;
        this.s = restored != null ? restored : new State();
    }

    State state() { return s; }

    void accept(Reading r, List<Summary> out) {
        advance(r.ts(), out);
        if (s.windowStart == Long.MIN_VALUE) s.windowStart = Calendar.start(unit, r.ts(), zone);
        Agg a = s.points.computeIfAbsent(r.point(), k -> new Agg());
        Double v = r.value();
        if (v == null || v.isNaN()) return;
        a.count++;
        a.sum += v;
        a.min = a.min == null ? v : Math.min(a.min, v);
        a.max = a.max == null ? v : Math.max(a.max, v);
        if (counters.contains(r.point())) {
            Double last = s.lastCounter.put(r.point(), v);
            double inc = last == null ? 0 : v >= last ? v - last : v;
            a.delta = (a.delta == null ? 0 : a.delta) + inc;
        }
    }

    /** Emits the current window if {@code t} is past its end. */
    void advance(long t, List<Summary> out) {
        if (s.windowStart == Long.MIN_VALUE) return;
        long end = Calendar.next(unit, s.windowStart, zone);
        if (t < end) return;
        for (Map.Entry<String, Agg> e : s.points.entrySet()) {
            Agg a = e.getValue();
            out.add(new Summary(kind, e.getKey(), s.windowStart, end, a.count, a.min, a.max,
                    a.count == 0 ? null : a.sum / a.count,
                    counters.contains(e.getKey()) ? (a.delta == null ? 0.0 : a.delta) : null, null, null, null));
        }
        s.points.clear();
        s.windowStart = Calendar.start(unit, t, zone);
    }
}
