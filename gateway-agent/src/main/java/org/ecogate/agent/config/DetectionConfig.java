package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code detection:} section of the agent config: equipment, facilities, warnings, summaries, timezone.
 * Immutable and validated at construction by {@link #parse}; strict (unknown keys are errors). Templates are
 * already expanded, so each {@link EquipmentConfig} carries its complete rules.
 */
public record DetectionConfig(List<EquipmentConfig> equipment, List<FacilityConfig> facilities,
                              List<WarningConfig> warnings, ZoneId timezone, SummaryConfig summaries) {

    public static final DetectionConfig EMPTY = new DetectionConfig(List.of(), List.of(), List.of(), ZoneOffset.UTC,
            SummaryConfig.DEFAULT);

    public DetectionConfig {
        equipment = List.copyOf(equipment);
        facilities = List.copyOf(facilities);
        warnings = List.copyOf(warnings);
        if (timezone == null) timezone = ZoneOffset.UTC;
        if (summaries == null) summaries = SummaryConfig.DEFAULT;
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
        for (WarningConfig w : warnings) s.add(w.point());
        s.addAll(summaries.counters());
        return s;
    }

    public EquipmentConfig equipment(String id) {
        for (EquipmentConfig e : equipment) if (e.id().equals(id)) return e;
        return null;
    }
}
