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
 * Minute or hour aggregates per point, in <b>wall time</b>: a sample goes to the window its own timestamp falls in
 * (several windows may be open while slow devices catch up), and a window is emitted once the wall clock is
 * {@code grace} past its end; later samples stamped in it are counted as late, not moved to another window. Counter
 * points get a delta: increases between consecutive samples, the first one counted from the last sample of the
 * previous window (a decrease counts as a reset). Not thread-safe; its {@link State} is snapshotted. Trap: the open
 * windows are a cache of the buffered readings: after a restart {@link #rebuild} them from the buffer.
 */
final class Aggregates {
    static final class Agg {
        long count;
        Double min;
        Double max;
        double sum;
        Double delta;
        boolean untrusted;
    }

    static final class Window {
        TreeMap<String, Agg> points = new TreeMap<>();
    }

    static final class State {
        /** End of the last window emitted: samples stamped before it are late. MIN_VALUE: none yet. */
        long closedThrough = Long.MIN_VALUE;
        TreeMap<Long, Window> open = new TreeMap<>();
        /** Per counter point: {ts, value} of its last sample. */
        Map<String, double[]> lastCounterAt = new HashMap<>();
        long late;
    }

    private final String kind;
    private final ChronoUnit unit;
    private final ZoneId zone;
    private final Set<String> counters;
    private final Map<String, Long> intervals;
    private final long graceMs;
    private final State s;

    Aggregates(String kind, ChronoUnit unit, ZoneId zone, Set<String> counters, Map<String, Long> intervals, long graceMs, State restored) {
        this.kind = kind;
        this.unit = unit;
        this.zone = zone;
        this.counters = counters;
        this.intervals = intervals;
        this.graceMs = graceMs;
        this.s = restored != null ? restored : new State();
        if (s.open == null) s.open = new TreeMap<>();
        if (s.lastCounterAt == null) s.lastCounterAt = new HashMap<>();
    }

    State state() { return s; }

    /** Where a rebuild from the buffer must start reading (one window early, for counters' previous values); MIN_VALUE: nothing to rebuild. */
    long rebuildFrom() {
        long from = s.closedThrough != Long.MIN_VALUE ? s.closedThrough : s.open.isEmpty() ? Long.MIN_VALUE : s.open.firstKey();
        if (from == Long.MIN_VALUE) return from;
        return from - (Calendar.next(unit, from, zone) - from);
    }

    /** Forgets the open windows before {@link #rebuild} feeds the buffered readings again. */
    void resetOpen() {
        s.open.clear();
        s.lastCounterAt.clear();
    }

    /** One buffered reading during a rebuild: a sample before the closed windows only sets a counter's last value. */
    void rebuild(Reading r) {
        if (s.closedThrough != Long.MIN_VALUE && r.ts() < s.closedThrough) {
            if (counters.contains(r.point()) && r.quality().hasValue() && r.value() != null && !r.value().isNaN()) {
                s.lastCounterAt.put(r.point(), new double[] {r.ts(), r.value()});
            }
            return;
        }
        accept(r);
    }

    void accept(Reading r) {
        if (s.closedThrough != Long.MIN_VALUE && r.ts() < s.closedThrough) {
            s.late++;
            return;
        }
        long w = Calendar.start(unit, r.ts(), zone);
        Agg a = s.open.computeIfAbsent(w, k -> new Window()).points.computeIfAbsent(r.point(), k -> new Agg());
        Double v = r.value();
        if (v == null || v.isNaN() || !r.quality().hasValue()) return;
        a.count++;
        a.sum += v;
        a.min = a.min == null ? v : Math.min(a.min, v);
        a.max = a.max == null ? v : Math.max(a.max, v);
        a.untrusted |= r.quality() == org.ecogate.agent.model.Quality.TIME_UNTRUSTED;
        if (counters.contains(r.point())) {
            double[] last = s.lastCounterAt.get(r.point());
            long windowLen = Calendar.next(unit, w, zone) - w;
            double inc = last == null || last[0] < w - windowLen || last[0] > r.ts() ? 0 : v >= last[1] ? v - last[1] : v;
            a.delta = (a.delta == null ? 0 : a.delta) + inc;
            s.lastCounterAt.put(r.point(), new double[] {r.ts(), v});
        }
    }

    /** Emits the windows that ended {@code grace} or more before wall time {@code wallNow}. */
    void advance(long wallNow, List<Summary> out) {
        while (!s.open.isEmpty()) {
            long start = s.open.firstKey();
            long end = Calendar.next(unit, start, zone);
            if (wallNow < end + graceMs) return;
            emit(start, end, null, out);
        }
    }

    /**
     * The wall clock stepped: every open window is emitted now with {@code note} "clock_step" (its coverage shows what
     * it lacks); windows open again wherever samples are stamped, also when a step back revisits an emitted label.
     */
    void clockStepped(long wallNow, List<Summary> out) {
        while (!s.open.isEmpty()) {
            long start = s.open.firstKey();
            emit(start, Calendar.next(unit, start, zone), "clock_step", out);
        }
        // no sample is late until the next regular emission: a cycle stamped just before the step still finds a window
        s.closedThrough = Long.MIN_VALUE;
        s.lastCounterAt.clear();
    }

    private void emit(long start, long end, String note, List<Summary> out) {
        Window w = s.open.remove(start);
        for (Map.Entry<String, Agg> e : w.points.entrySet()) {
            Agg a = e.getValue();
            Long every = intervals.get(e.getKey());
            Long expected = every == null || every <= 0 ? null : (end - start) / every;
            Double coverage = expected == null || expected == 0 ? null : Math.min(1.0, Math.round(1000.0 * a.count / expected) / 1000.0);
            out.add(new Summary(kind, e.getKey(), start, end, a.count, a.min, a.max,
                    a.count == 0 ? null : a.sum / a.count,
                    counters.contains(e.getKey()) ? (a.delta == null ? 0.0 : a.delta) : null, null, null, null,
                    expected, coverage, a.untrusted ? Boolean.TRUE : null, note));
        }
        s.closedThrough = Math.max(s.closedThrough, end);
    }
}
