package org.ecogate.agent.detect;

import org.ecogate.agent.config.WarningConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Early warning for one analysed point: keeps a rolling average over the permit's window in buckets of
 * window/60 (so the state stays small; the window edge is exact to one bucket) and moves between levels with
 * hysteresis. One event per episode: it opens at the first level, is updated when it escalates (its
 * {@code level} is the highest reached) and closes when the average falls below every level. An average is judged
 * only once it holds {@code minSamples} of the samples its window expects (by the point's poll interval; unknown
 * interval: once the samples span that fraction of the window), so one sample after a start opens nothing.
 * Not thread-safe; its {@link State} is snapshotted.
 */
final class WarningTracker {
    static final class Bucket {
        double sum;
        long count;
    }

    static final class State {
        TreeMap<Long, Bucket> buckets = new TreeMap<>();
        int level = -1;       // current level index, -1 = none
        int maxLevel = -1;    // highest level of the open episode
        OpenEvent open;
    }

    private final WarningConfig cfg;
    private final State s;
    private final long bucketMs;
    private Long everyMs;

    WarningTracker(WarningConfig cfg, State restored) {
        this.cfg = cfg;
        this.s = restored != null ? restored : new State();
        this.bucketMs = Math.max(1000, cfg.window().toMillis() / 60);
        if (s.level >= cfg.levels().size()) s.level = cfg.levels().size() - 1;
        if (s.maxLevel >= cfg.levels().size()) s.maxLevel = cfg.levels().size() - 1;
    }

    WarningConfig config() { return cfg; }

    /** The point's poll interval (null: unknown), for the minimum sample count. */
    void expectEvery(Long ms) {
        this.everyMs = ms != null && ms > 0 ? ms : null;
    }
    State state() { return s; }

    /** The current level's name, or null. */
    String currentLevel() {
        return s.level < 0 ? null : cfg.levels().get(s.level).name();
    }

    List<Event> accept(long ts, double value, long now, long wallOffset) {
        long key = Math.floorDiv(ts, bucketMs) * bucketMs;
        Bucket b = s.buckets.computeIfAbsent(key, k -> new Bucket());
        b.sum += value;
        b.count++;
        s.buckets.headMap(ts - cfg.window().toMillis() - bucketMs + 1, false).clear(); // buckets ending before the window
        double sum = 0;
        long n = 0;
        for (Bucket x : s.buckets.values()) { sum += x.sum; n += x.count; }
        double avg = sum / n;
        List<Event> out = new ArrayList<>();
        if (!enough(n, ts)) return out;

        int c = s.level;
        List<WarningConfig.Level> levels = cfg.levels();
        while (c + 1 < levels.size() && avg >= cfg.limit() * levels.get(c + 1).fraction()) c++;
        while (c >= 0 && avg < cfg.limit() * (levels.get(c).fraction() - cfg.hysteresis())) c--;
        if (s.open != null) s.open.value = round(avg);
        if (c == s.level) return out;
        s.level = c;
        if (c < 0) {
            out.add(s.open.toEvent(Event.CLOSE, Math.max(s.open.start, ts), now));
            s.open = null;
            s.maxLevel = -1;
        } else if (s.open == null) {
            s.open = new OpenEvent(Event.WARNING, cfg.point(), cfg.facility(), ts, wallOffset);
            s.open.point = cfg.point();
            s.open.value = round(avg);
            s.maxLevel = c;
            s.open.level = levels.get(c).name();
            out.add(s.open.toEvent(Event.OPEN, null, now));
        } else if (c > s.maxLevel) {
            s.maxLevel = c;
            s.open.level = levels.get(c).name();
            out.add(s.open.toEvent(Event.UPDATE, null, now));
        }
        return out;
    }

    private boolean enough(long n, long ts) {
        double window = cfg.window().toMillis();
        if (everyMs != null) return n >= Math.ceil(cfg.minSamples() * window / everyMs);
        return ts - s.buckets.firstKey() >= cfg.minSamples() * window - bucketMs;
    }

    Event openEvent(long now) {
        return s.open == null ? null : s.open.toEvent(Event.OPEN, null, now);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
