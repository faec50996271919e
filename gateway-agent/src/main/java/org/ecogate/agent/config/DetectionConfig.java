package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.List;
import java.util.Set;

/**
 * The {@code detection:} section of the agent config: equipment, facilities, warnings, summaries, timezone.
 * Immutable and validated at construction by {@link #parse}; strict (unknown keys are errors). Templates are
 * already expanded, so each {@link EquipmentConfig} carries its complete rules. {@code pointIntervals} (point id to poll
 * interval) and {@code pointEquipment} (point id to the equipment it belongs to) come from the devices
 * ({@link #withDevices}): empty when the section is parsed alone.
 */
public record DetectionConfig(List<EquipmentConfig> equipment, List<FacilityConfig> facilities,
                              List<WarningConfig> warnings, ZoneId timezone, SummaryConfig summaries,
                              Map<String, Duration> pointIntervals, Map<String, String> pointEquipment) {

    public static final DetectionConfig EMPTY = new DetectionConfig(List.of(), List.of(), List.of(), ZoneOffset.UTC,
            SummaryConfig.DEFAULT);

    public DetectionConfig(List<EquipmentConfig> equipment, List<FacilityConfig> facilities, List<WarningConfig> warnings,
                           ZoneId timezone, SummaryConfig summaries) {
        this(equipment, facilities, warnings, timezone, summaries, Map.of(), Map.of());
    }

    public DetectionConfig {
        equipment = List.copyOf(equipment);
        facilities = List.copyOf(facilities);
        warnings = List.copyOf(warnings);
        if (timezone == null) timezone = ZoneOffset.UTC;
        if (summaries == null) summaries = SummaryConfig.DEFAULT;
        pointIntervals = pointIntervals == null ? Map.of() : Map.copyOf(pointIntervals);
        pointEquipment = pointEquipment == null ? Map.of() : Map.copyOf(pointEquipment);
    }

    /**
     * The same section knowing the devices ({@code devicePoints}: device id to its point ids; {@code intervals}: point
     * id to poll interval). Membership: an equipment's {@code points:} when listed; else every point of each device
     * its rules read, except points another equipment's rules or list name (first equipment in config order wins).
     */
    public DetectionConfig withDevices(Map<String, List<String>> devicePoints, Map<String, Duration> intervals) {
        Map<String, String> member = new LinkedHashMap<>();
        for (EquipmentConfig e : equipment) {
            for (String p : e.members() != null ? e.members() : e.points()) member.putIfAbsent(p, e.id());
        }
        for (EquipmentConfig e : equipment) {
            if (e.members() != null) continue;
            for (String p : e.points()) {
                List<String> same = devicePoints.get(p.substring(0, Math.max(0, p.indexOf('.'))));
                if (same != null) for (String q : same) member.putIfAbsent(q, e.id());
            }
        }
        return new DetectionConfig(equipment, facilities, warnings, timezone, summaries, intervals, member);
    }

    /** Parses the detection section; a null or missing node gives an empty config. */
    public static DetectionConfig parse(JsonNode detectionNode) throws DetectionConfigException {
        if (detectionNode == null || detectionNode.isMissingNode() || detectionNode.isNull()) return EMPTY;
        return DetectionConfigParser.parse(detectionNode);
    }

    public boolean isEmpty() {
        return equipment.isEmpty() && warnings.isEmpty();
    }

    /** Point ids the rules, warnings and counter summaries use, so the config loader can check they exist. */
    public Set<String> referencedPoints() {
        Set<String> s = new LinkedHashSet<>();
        for (EquipmentConfig e : equipment) s.addAll(e.points());
        for (EquipmentConfig e : equipment) if (e.members() != null) s.addAll(e.members());
        for (WarningConfig w : warnings) s.add(w.point());
        s.addAll(summaries.counters());
        return s;
    }

    public EquipmentConfig equipment(String id) {
        for (EquipmentConfig e : equipment) if (e.id().equals(id)) return e;
        return null;
    }
}
