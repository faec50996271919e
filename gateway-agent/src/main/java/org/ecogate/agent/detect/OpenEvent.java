package org.ecogate.agent.detect;

import java.util.ArrayList;
import java.util.LinkedHashMap;

/**
 * The mutable record of an event while it is open; snapshotted so that after a restart the event continues
 * with the same id. {@code equipmentStates} keeps insertion order (order of joining) and the worst state seen.
 * {@code start} is on the agent timeline (durations); {@code wallStart} is the wall-clock start fixed when it opened:
 * the id and every emission carry it, so open, update and close name one start even if the clock steps between.
 */
final class OpenEvent {
    String id;
    String type;
    String facility;
    long start;
    Long wallStart;
    LinkedHashMap<String, String> equipmentStates = new LinkedHashMap<>();
    String level;
    String point;
    Double value;

    OpenEvent() {}

    OpenEvent(String type, String subject, String facility, long start, long wallOffset) {
        this.wallStart = start + wallOffset;
        this.id = type + "-" + subject + "-" + wallStart;
        this.type = type;
        this.facility = facility;
        this.start = start;
    }

    /** The wall-clock start (an event restored from an older state without one: its agent-timeline start). */
    long wallStart() {
        return wallStart != null ? wallStart : start;
    }

    /** Merges {@code state} for {@code equipment}, keeping the worse one; true if anything changed. */
    boolean merge(String equipment, EquipmentState state) {
        String old = equipmentStates.get(equipment);
        if (old != null && rank(EquipmentState.valueOf(old)) >= rank(state)) return false;
        equipmentStates.put(equipment, state.name());
        return true;
    }

    /** Worse is higher: STOPPED is worse than ABNORMAL is worse than OFFLINE. */
    static int rank(EquipmentState s) {
        return switch (s) {
            case STOPPED -> 3;
            case ABNORMAL -> 2;
            case OFFLINE -> 1;
            default -> 0;
        };
    }

    Event toEvent(String status, Long end, long now) {
        long dur = Math.max(0, ((end != null ? end : now) - start) / 1000);
        return new Event(id, type, facility, status, wallStart(), end, dur, new ArrayList<>(equipmentStates.keySet()),
                equipmentStates, level, point, value, now);
    }
}
