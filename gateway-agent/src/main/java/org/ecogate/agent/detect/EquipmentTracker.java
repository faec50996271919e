package org.ecogate.agent.detect;

import org.ecogate.agent.config.EquipmentConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The state machine of one piece of equipment. Each cycle its rules give a raw state (or "no data"); a raw
 * state must hold for {@code debounce} before it is committed, and the change is dated back to when it began.
 * No usable data for {@code offlineAfter} commits OFFLINE (never STOPPED); data coming back leaves OFFLINE at
 * once. Not thread-safe; its {@link State} is snapshotted.
 */
final class EquipmentTracker {
    static final class State {
        EquipmentState state = EquipmentState.UNKNOWN;
        long since;
        EquipmentState candidate;
        long candidateSince;
        Long noDataSince;
        boolean[] runningLatches = new boolean[0];
        boolean[] abnormalLatches = new boolean[0];
    }

    private final EquipmentConfig cfg;
    private final State s;

    EquipmentTracker(EquipmentConfig cfg, State restored, long startedAt) {
        this.cfg = cfg;
        if (restored == null) {
            restored = new State();
            restored.since = startedAt;
        }
        this.s = restored;
        if (s.runningLatches == null || s.runningLatches.length != cfg.running().conditionCount())
            s.runningLatches = new boolean[cfg.running().conditionCount()];
        int ab = cfg.abnormal() == null ? 0 : cfg.abnormal().conditionCount();
        if (s.abnormalLatches == null || s.abnormalLatches.length != ab) s.abnormalLatches = new boolean[ab];
    }

    EquipmentConfig config() { return cfg; }
    State state() { return s; }
    EquipmentState current() { return s.state; }
    long since() { return s.since; }

    /** One evaluation at {@code now}; returns the committed change, or null. */
    StateChange evaluate(PointTable points, long now, long startedAt) {
        long offMs = cfg.offlineAfter().toMillis();
        List<String> missing = new ArrayList<>();
        RuleEvaluator.Tri running = new RuleEvaluator(p -> track(points.value(p, now, offMs), p, missing), s.runningLatches)
                .eval(cfg.running());
        RuleEvaluator.Tri abnormal = cfg.abnormal() == null ? RuleEvaluator.Tri.FALSE
                : new RuleEvaluator(p -> points.value(p, now, offMs), s.abnormalLatches).eval(cfg.abnormal());

        if (running == RuleEvaluator.Tri.UNKNOWN) {
            s.candidate = null;
            if (s.state == EquipmentState.OFFLINE) return null;
            if (s.noDataSince == null) {
                long since = Long.MIN_VALUE;
                for (String p : missing) since = Math.max(since, points.missingSince(p, startedAt));
                s.noDataSince = Math.min(now, Math.max(since, s.since));
            }
            return now - s.noDataSince >= offMs ? commit(EquipmentState.OFFLINE, s.noDataSince) : null;
        }
        s.noDataSince = null;
        EquipmentState raw = running == RuleEvaluator.Tri.FALSE ? EquipmentState.STOPPED
                : abnormal == RuleEvaluator.Tri.TRUE ? EquipmentState.ABNORMAL : EquipmentState.RUNNING;
        if (s.state == EquipmentState.OFFLINE) { // data is back: its state is known now
            s.candidate = null;
            return commit(raw, now);
        }
        if (raw == s.state) {
            s.candidate = null;
            return null;
        }
        if (raw != s.candidate) {
            s.candidate = raw;
            s.candidateSince = now;
        }
        return now - s.candidateSince >= cfg.debounce().toMillis() ? commit(raw, s.candidateSince) : null;
    }

    private static Double track(Double v, String point, List<String> missing) {
        if (v == null) missing.add(point);
        return v;
    }

    private StateChange commit(EquipmentState to, long at) {
        StateChange c = new StateChange(cfg.id(), s.state, to, Math.max(at, s.since));
        s.state = to;
        s.since = c.at();
        s.candidate = null;
        s.noDataSince = null;
        return c;
    }
}
