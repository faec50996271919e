package org.ecogate.agent.detect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The detector's complete state, serialized field by field by the runtime (runtime/DetectJson). Version 1.
 * Keys are equipment ids, facility ids and warning point ids, so a changed config keeps what still matches.
 * Opaque outside this package; not thread-safe (owned by its Detector).
 */
public final class Snapshot {
    int version = 1;
    Long startedAt;
    Long lastNow;
    PointTable.State points = new PointTable.State();
    Map<String, EquipmentTracker.State> equipment = new LinkedHashMap<>();
    Map<String, FacilityTracker.State> facilities = new LinkedHashMap<>();
    Map<String, OpenEvent> gaps = new LinkedHashMap<>();
    Map<String, WarningTracker.State> warnings = new LinkedHashMap<>();
    Aggregates.State minutes = new Aggregates.State();
    Aggregates.State hours = new Aggregates.State();
    Map<String, Ledger.State> ledgers = new LinkedHashMap<>();

    /** Replaces nulls left by an older or hand-edited snapshot with empty state. */
    Snapshot normalized() {
        if (points == null) points = new PointTable.State();
        if (points.points == null) points.points = new java.util.HashMap<>();
        if (equipment == null) equipment = new LinkedHashMap<>();
        if (facilities == null) facilities = new LinkedHashMap<>();
        if (gaps == null) gaps = new LinkedHashMap<>();
        if (warnings == null) warnings = new LinkedHashMap<>();
        if (minutes == null) minutes = new Aggregates.State();
        if (hours == null) hours = new Aggregates.State();
        if (ledgers == null) ledgers = new LinkedHashMap<>();
        return this;
    }
}
