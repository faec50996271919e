package org.ecogate.agent.detect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /**
     * Reads a YAML file and parses its top-level {@code detection} key. A detection-only file may also hold
     * the section's keys at the top level (equipment, facilities, ...). No detection keys: empty config.
     */
    public static DetectionConfig load(Path yamlFile) throws DetectionConfigException, IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(yamlFile));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DetectionConfigException("", "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (root == null || !root.isObject()) return EMPTY;
        if (root.has("detection")) return parse(root.get("detection"));
        for (String k : DetectionConfigParser.TOP_KEYS) if (root.has(k)) return parse(root);
        return EMPTY;
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
