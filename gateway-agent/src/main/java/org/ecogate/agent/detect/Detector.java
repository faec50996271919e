package org.ecogate.agent.detect;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.EquipmentConfig;
import org.ecogate.agent.config.FacilityConfig;
import org.ecogate.agent.config.WarningConfig;
import org.ecogate.agent.model.Reading;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The detector: readings and the current time in, committed state changes, events and summaries out.
 * Pure (no I/O, no threads, no clock of its own) and NOT thread-safe: call it from one thread. Its complete
 * state is {@link #snapshot()} (serialized outside, by the runtime); {@link #restore} continues open events with the same ids. Trap: time
 * must not go backwards between calls; an earlier {@code nowMs} is treated as the latest one seen.
 */
public final class Detector {
    private final DetectionConfig cfg;
    private final Snapshot s;
    private final PointTable points;
    private final Map<String, EquipmentTracker> equipment = new LinkedHashMap<>();
    private final Map<String, String> facilityOf = new LinkedHashMap<>();
    private final List<FacilityTracker> facilities = new ArrayList<>();
    private final Map<String, WarningTracker> warnings = new LinkedHashMap<>();
    private final Aggregates minutes;
    private final Aggregates hours;
    private final Map<String, Ledger> ledgers = new LinkedHashMap<>();
    private long wallOffset; // wall minus agent time of the current call: dates events when they open
    private boolean catchingUp; // feeding buffered readings after a restart: summary windows are left to their rebuild

    public Detector(DetectionConfig cfg) {
        this(cfg, new Snapshot());
    }

    private Detector(DetectionConfig cfg, Snapshot snap) {
        this.cfg = cfg;
        this.s = snap;
        this.points = new PointTable(s.points);
        for (FacilityConfig f : cfg.facilities()) {
            facilities.add(new FacilityTracker(f, s.facilities.get(f.id())));
            for (String e : f.equipment()) facilityOf.putIfAbsent(e, f.id());
            for (String e : f.production()) facilityOf.putIfAbsent(e, f.id());
        }
        for (WarningConfig w : cfg.warnings()) warnings.put(w.point(), new WarningTracker(w, s.warnings.get(w.point())));
        Map<String, Long> every = new java.util.HashMap<>();
        cfg.pointIntervals().forEach((p, d) -> every.put(p, d.toMillis()));
        long grace = cfg.summaries().grace().toMillis();
        minutes = new Aggregates(Summary.MINUTE, ChronoUnit.MINUTES, cfg.timezone(), cfg.summaries().counters(), every, grace, s.minutes);
        hours = new Aggregates(Summary.HOUR, ChronoUnit.HOURS, cfg.timezone(), cfg.summaries().counters(), every, grace, s.hours);
        s.minutes = minutes.state();
        s.hours = hours.state();
        for (WarningTracker w : warnings.values()) w.expectEvery(every.get(w.config().point()));
        if (s.startedAt != null) init(s.startedAt);
        s.gaps.keySet().retainAll(cfg.equipment().stream().map(EquipmentConfig::id).toList());
    }

    /** Restores a detector from a {@link #snapshot()}; state of equipment, facilities or warnings no longer configured is dropped. */
    public static Detector restore(DetectionConfig cfg, Snapshot snapshot) {
        return new Detector(cfg, (snapshot == null ? new Snapshot() : snapshot).normalized());
    }

    /** One poll cycle where agent and wall time agree (replays, tests): readings of any devices, then an evaluation at {@code nowMs}. */
    public Output onReadings(List<Reading> readings, long nowMs) {
        return onCycle(readings, nowMs, readings, nowMs, 0);
    }

    /**
     * One poll cycle as the agent runs it: {@code readings} and {@code nowMs} on the agent timeline drive detection;
     * the same readings with wall-clock stamps ({@code wallReadings}, {@code wallNow}) go into the summary windows,
     * which are labelled in wall time; {@code wallOffset} (wall minus agent time) dates an event's start once, when it opens.
     */
    public Output onCycle(List<Reading> readings, long nowMs, List<Reading> wallReadings, long wallNow, long wallOffset) {
        long now = begin(nowMs);
        this.wallOffset = wallOffset;
        List<Event> events = new ArrayList<>();
        List<Summary> summaries = new ArrayList<>();
        for (Reading r : readings) {
            points.accept(r);
            WarningTracker w = warnings.get(r.point());
            if (w != null && r.value() != null && !r.value().isNaN()) events.addAll(w.accept(r.ts(), r.value(), now, wallOffset));
        }
        for (Reading r : catchingUp ? List.<Reading>of() : wallReadings) {
            if (cfg.summaries().minute()) minutes.accept(r);
            if (cfg.summaries().hour()) hours.accept(r);
        }
        return evaluate(now, wallNow, events, summaries);
    }

    /** Time passes without readings: OFFLINE detection, debounce and grace expiry, closing summary windows. */
    public Output tick(long nowMs) {
        return tick(nowMs, nowMs, 0);
    }

    /** As {@link #tick(long)} with the wall time that closes summary windows. */
    public Output tick(long nowMs, long wallNow, long wallOffset) {
        long now = begin(nowMs);
        this.wallOffset = wallOffset;
        return evaluate(now, wallNow, new ArrayList<>(), new ArrayList<>());
    }

    /**
     * The wall clock stepped (now reads {@code wallNow}): every open summary window is emitted at once with note
     * "clock_step", and windows open again from the time the clock now reads, so no window holds samples stamped
     * outside its label.
     */
    public Output clockStepped(long wallNow) {
        List<Summary> summaries = new ArrayList<>();
        minutes.clockStepped(wallNow, summaries);
        hours.clockStepped(wallNow, summaries);
        return summaries.isEmpty() ? Output.EMPTY : new Output(List.of(), List.of(), summaries);
    }

    /**
     * Wall time from which the buffered readings rebuild the open summary windows after a restart (they are a cache:
     * the saved state may be up to a save interval old); Long.MIN_VALUE: nothing to rebuild. Then call
     * {@link #rebuildSummaries} with every buffered reading stamped from there on, in buffer order.
     */
    public long summariesRebuildFrom() {
        long a = cfg.summaries().minute() ? minutes.rebuildFrom() : Long.MIN_VALUE;
        long b = cfg.summaries().hour() ? hours.rebuildFrom() : Long.MIN_VALUE;
        if (a == Long.MIN_VALUE) return b;
        return b == Long.MIN_VALUE ? a : Math.min(a, b);
    }

    /** Receives the buffered readings (wall stamps) that rebuild the open windows; see {@link #summariesRebuildFrom}. */
    public java.util.function.Consumer<Reading> rebuildSummaries() {
        minutes.resetOpen();
        hours.resetOpen();
        return r -> {
            if (cfg.summaries().minute()) minutes.rebuild(r);
            if (cfg.summaries().hour()) hours.rebuild(r);
        };
    }

    /**
     * Agent time of the last evaluation the state knows (Long.MIN_VALUE: none): after a restart the buffered readings
     * stamped later go through {@link #catchUp} so equipment states and ledgers continue as if the agent had not stopped.
     */
    public long lastNow() {
        return s.lastNow == null ? Long.MIN_VALUE : s.lastNow;
    }

    /**
     * Feeds one buffered cycle (agent time) that the saved state has not seen, or with {@code readings} empty one
     * tick: equipment, facility, warning and ledger state move on and emit as they would have; summary windows are
     * not touched (they are rebuilt from the buffer, {@link #rebuildSummaries}).
     */
    public Output catchUp(List<Reading> readings, long nowMs, long wallOffset) {
        catchingUp = true;
        try {
            return readings.isEmpty() ? tick(nowMs, nowMs + wallOffset, wallOffset) : onCycle(readings, nowMs, readings, nowMs + wallOffset, wallOffset);
        } finally {
            catchingUp = false;
        }
    }

    private long begin(long nowMs) {
        if (s.startedAt == null) {
            s.startedAt = nowMs;
            init(nowMs);
        }
        s.lastNow = Math.max(s.lastNow == null ? nowMs : s.lastNow, nowMs);
        return s.lastNow;
    }

    private void init(long startedAt) {
        for (EquipmentConfig e : cfg.equipment()) {
            EquipmentTracker t = new EquipmentTracker(e, s.equipment.get(e.id()), startedAt);
            s.equipment.put(e.id(), t.state());
            equipment.put(e.id(), t);
            if (cfg.summaries().ledger()) {
                Ledger l = new Ledger(e.id(), cfg.timezone(), s.ledgers.get(e.id()), t.current(), startedAt);
                s.ledgers.put(e.id(), l.state());
                ledgers.put(e.id(), l);
            }
        }
        s.equipment.keySet().retainAll(equipment.keySet());
        s.ledgers.keySet().retainAll(ledgers.keySet());
        s.facilities.clear();
        for (FacilityTracker f : facilities) s.facilities.put(f.config().id(), f.state());
        s.warnings.clear();
        for (WarningTracker w : warnings.values()) s.warnings.put(w.config().point(), w.state());
    }

    private Output evaluate(long now, long wallNow, List<Event> events, List<Summary> summaries) {
        List<StateChange> changes = new ArrayList<>();
        for (EquipmentTracker t : equipment.values()) {
            StateChange c = t.evaluate(points, now, s.startedAt);
            if (c == null) continue;
            changes.add(c);
            Ledger l = ledgers.get(c.equipment());
            if (l != null) l.apply(c, summaries);
            dataGap(c, now, events);
        }
        for (FacilityTracker f : facilities) events.addAll(f.evaluate(equipment, now, wallOffset));
        if (cfg.summaries().minute() && !catchingUp) minutes.advance(wallNow, summaries);
        if (cfg.summaries().hour() && !catchingUp) hours.advance(wallNow, summaries);
        for (Ledger l : ledgers.values()) l.advance(now, summaries);
        if (changes.isEmpty() && events.isEmpty() && summaries.isEmpty()) return Output.EMPTY;
        return new Output(changes, events, summaries);
    }

    private void dataGap(StateChange c, long now, List<Event> events) {
        if (c.to() == EquipmentState.OFFLINE) {
            OpenEvent gap = new OpenEvent(Event.DATA_GAP, c.equipment(), facilityOf.get(c.equipment()), c.at(), wallOffset);
            gap.merge(c.equipment(), EquipmentState.OFFLINE);
            s.gaps.put(c.equipment(), gap);
            events.add(gap.toEvent(Event.OPEN, null, now));
        } else if (c.from() == EquipmentState.OFFLINE) {
            OpenEvent gap = s.gaps.remove(c.equipment());
            if (gap != null) events.add(gap.toEvent(Event.CLOSE, Math.max(gap.start, c.at()), now));
        }
    }

    /** The live state object (not a copy): serialize it before the next call. */
    public Snapshot snapshot() {
        return s;
    }

    public Map<String, EquipmentState> equipmentStates() {
        Map<String, EquipmentState> m = new LinkedHashMap<>();
        for (EquipmentConfig e : cfg.equipment()) {
            EquipmentTracker t = equipment.get(e.id());
            m.put(e.id(), t == null ? EquipmentState.UNKNOWN : t.current());
        }
        return Collections.unmodifiableMap(m);
    }

    public List<Event> openEvents() {
        long now = s.lastNow == null ? 0 : s.lastNow;
        List<Event> out = new ArrayList<>();
        for (FacilityTracker f : facilities) {
            Event e = f.openEvent(now);
            if (e != null) out.add(e);
        }
        for (OpenEvent g : s.gaps.values()) out.add(g.toEvent(Event.OPEN, null, now));
        for (WarningTracker w : warnings.values()) {
            Event e = w.openEvent(now);
            if (e != null) out.add(e);
        }
        return List.copyOf(out);
    }

    public Health health() {
        boolean yellow = !s.gaps.isEmpty();
        for (FacilityTracker f : facilities) if (f.state().open != null) return Health.RED;
        for (WarningTracker w : warnings.values()) {
            String level = w.currentLevel();
            if ("alarm".equals(level)) return Health.RED;
            if (level != null || w.state().open != null) yellow = true;
        }
        for (EquipmentTracker t : equipment.values()) if (t.current() == EquipmentState.OFFLINE) yellow = true;
        return yellow ? Health.YELLOW : Health.GREEN;
    }
}
