package org.ecogate.agent.detect;

import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Daily operation ledger of one piece of equipment: seconds running (RUNNING or ABNORMAL), number of stops (entries into STOPPED)
 * and the longest stop (its part within the day). Fed with committed state changes, so it lags the real
 * state by at most the debounce; a day is emitted on the first change or tick after midnight (in the
 * configured zone). Not thread-safe; its {@link State} is snapshotted.
 */
final class Ledger {
    static final class State {
        long dayStart;
        long segStart;
        EquipmentState segState = EquipmentState.UNKNOWN;
        Long stopStart;
        long runningMs;
        long stops;
        long longestStopMs;
    }

    private final String equipment;
    private final ZoneId zone;
    private final State s;

    Ledger(String equipment, ZoneId zone, State restored, EquipmentState current, long now) {
        this.equipment = equipment;
        this.zone = zone;
        if (restored == null) {
            restored = new State();
            restored.dayStart = Calendar.start(ChronoUnit.DAYS, now, zone);
            restored.segStart = now;
            restored.segState = current;
        }
        this.s = restored;
    }

    State state() { return s; }

    void apply(StateChange c, List<Summary> out) {
        long at = Math.max(c.at(), s.segStart);
        advance(at, out);
        account(at);
        if (s.segState == EquipmentState.STOPPED && s.stopStart != null) {
            s.longestStopMs = Math.max(s.longestStopMs, at - Math.max(s.stopStart, s.dayStart));
            s.stopStart = null;
        }
        if (c.to() == EquipmentState.STOPPED) {
            s.stops++;
            s.stopStart = at;
        }
        s.segState = c.to();
    }

    void advance(long t, List<Summary> out) {
        long dayEnd = Calendar.next(ChronoUnit.DAYS, s.dayStart, zone);
        while (t >= dayEnd) {
            account(dayEnd);
            long longest = s.longestStopMs;
            if (s.stopStart != null) longest = Math.max(longest, dayEnd - Math.max(s.stopStart, s.dayStart));
            out.add(new Summary(Summary.LEDGER, equipment, s.dayStart, dayEnd, 0, null, null, null, null,
                    s.runningMs / 1000, s.stops, longest / 1000));
            s.runningMs = 0;
            s.stops = 0;
            s.longestStopMs = 0;
            s.dayStart = dayEnd;
            dayEnd = Calendar.next(ChronoUnit.DAYS, s.dayStart, zone);
        }
    }

    private void account(long t) {
        if (t <= s.segStart) return;
        if (s.segState == EquipmentState.RUNNING || s.segState == EquipmentState.ABNORMAL) s.runningMs += t - s.segStart;
        s.segStart = t;
    }
}
