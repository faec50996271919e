package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The equipment templates shipped in resources {@code /templates/<kind>.yaml}: one file per kind holds its
 * Modbus point map (used by {@link Devices}) AND its detection defaults, role and rules (used by
 * {@link DetectionConfigParser}). Loaded once, thread-safe. Trap: rule points in a template are the device's
 * own point names ({@code freq}); {@link #rules} prefixes the equipment id ({@code fan1.freq}).
 */
final class EquipmentTemplates {
    static final List<String> NAMES = List.of("fan", "condenser", "esp", "meter", "analyser");

    /** An equipment template as shipped; {@code rules} is the raw {@code rules:} mapping (running, abnormal). */
    record Template(String description, String order, List<PointConfig> points, String role, JsonNode rules) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final Map<String, Template> LOADED = new HashMap<>();

    private EquipmentTemplates() {}

    /** The shipped template {@code name}, or null if there is none. */
    static synchronized Template get(String name) {
        if (!NAMES.contains(name)) return null;
        return LOADED.computeIfAbsent(name, n -> {
            try (InputStream in = EquipmentTemplates.class.getResourceAsStream("/templates/" + n + ".yaml")) {
                if (in == null) throw new IllegalStateException("template resource /templates/" + n + ".yaml missing");
                return YAML.readValue(in, Template.class);
            } catch (IOException x) {
                throw new IllegalStateException("template " + n + ": " + x.getMessage(), x);
            }
        });
    }

    /** The template's rules with every {@code point} written as {@code <equipmentId>.<point>}; empty if it has none. */
    static JsonNode rules(Template t, String equipmentId) {
        if (t.rules() == null) return YAML.createObjectNode();
        JsonNode copy = t.rules().deepCopy();
        prefix(copy, equipmentId);
        return copy;
    }

    private static void prefix(JsonNode n, String id) {
        if (n instanceof ObjectNode o && o.path("point").isTextual()) o.put("point", id + "." + o.get("point").asText());
        for (JsonNode child : n) prefix(child, id);
    }
}
