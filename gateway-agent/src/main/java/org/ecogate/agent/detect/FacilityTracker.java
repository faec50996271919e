package org.ecogate.agent.detect;

import org.ecogate.agent.config.FacilityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Treatment-outage detection for one facility. The violation is ACTIVE while linked production runs and some
 * required treatment equipment is STOPPED or ABNORMAL, CLEAR when production is stopped or all treatment runs,
 * and undecided otherwise (OFFLINE/UNKNOWN data: an open outage stays open, a pending one is not started).
 * An outage opens once ACTIVE for {@code grace}; start and end are dated to the real transitions.
 * Not thread-safe; its {@link State} is snapshotted.
 */
final class FacilityTracker {
    static final class State {
        Long activeSince;
        OpenEvent open;
    }

    private enum Cond { ACTIVE, CLEAR, UNDECIDED }

    private final FacilityConfig cfg;
    private final State s;

    FacilityTracker(FacilityConfig cfg, State restored) {
        this.cfg = cfg;
        this.s = restored != null ? restored : new State();
    }

    FacilityConfig config() { return cfg; }
    State state() { return s; }

    List<Event> evaluate(Map<String, EquipmentTracker> equipment, long now, long wallOffset) {
        List<Event> out = new ArrayList<>();
        boolean producing = cfg.production().isEmpty(), allStopped = !cfg.production().isEmpty();
        long prodSince = Long.MAX_VALUE, prodStoppedSince = Long.MIN_VALUE;
        for (String p : cfg.production()) {
            EquipmentTracker t = equipment.get(p);
            EquipmentState st = t.current();
            if (st == EquipmentState.RUNNING || st == EquipmentState.ABNORMAL) {
                producing = true;
                prodSince = Math.min(prodSince, t.since());
            }
            if (st != EquipmentState.STOPPED) allStopped = false; else prodStoppedSince = Math.max(prodStoppedSince, t.since());
        }
        if (cfg.production().isEmpty()) prodSince = Long.MIN_VALUE;
        boolean anyBad = false, allRunning = true;
        long badSince = Long.MAX_VALUE, runningSince = Long.MIN_VALUE;
        for (String e : cfg.equipment()) {
            EquipmentTracker t = equipment.get(e);
            EquipmentState st = t.current();
            if (st == EquipmentState.STOPPED || st == EquipmentState.ABNORMAL) {
                anyBad = true;
                badSince = Math.min(badSince, t.since());
            }
            if (st != EquipmentState.RUNNING) allRunning = false; else runningSince = Math.max(runningSince, t.since());
        }
        Cond cond = producing && anyBad ? Cond.ACTIVE : allStopped || allRunning ? Cond.CLEAR : Cond.UNDECIDED;

        if (cond == Cond.ACTIVE) {
            if (s.activeSince == null) s.activeSince = Math.min(now, Math.max(prodSince, badSince));
            if (s.open == null && now - s.activeSince >= cfg.grace().toMillis()) {
                s.open = new OpenEvent(Event.OUTAGE, cfg.id(), cfg.id(), s.activeSince, wallOffset);
                mergeBad(equipment);
                out.add(s.open.toEvent(Event.OPEN, null, now));
            } else if (s.open != null && mergeBad(equipment)) {
                out.add(s.open.toEvent(Event.UPDATE, null, now));
            }
            return out;
        }
        s.activeSince = null;
        if (cond == Cond.CLEAR && s.open != null) {
            long end = Long.MAX_VALUE;
            if (allRunning) end = runningSince;
            if (allStopped) end = Math.min(end, prodStoppedSince);
            end = Math.max(s.open.start, Math.min(end, now));
            out.add(s.open.toEvent(Event.CLOSE, end, now));
            s.open = null;
        }
        return out;
    }

    private boolean mergeBad(Map<String, EquipmentTracker> equipment) {
        boolean changed = false;
        List<String> bad = new ArrayList<>();
        for (String e : cfg.equipment()) {
            EquipmentState st = equipment.get(e).current();
            if (st == EquipmentState.STOPPED || st == EquipmentState.ABNORMAL) bad.add(e);
        }
        bad.sort(java.util.Comparator.comparingLong(e -> equipment.get(e).since())); // stable: config order on ties
        for (String e : bad) changed |= s.open.merge(e, equipment.get(e).current());
        return changed;
    }

    Event openEvent(long now) {
        return s.open == null ? null : s.open.toEvent(Event.OPEN, null, now);
    }
}
