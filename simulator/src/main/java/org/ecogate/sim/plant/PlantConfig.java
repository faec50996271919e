package org.ecogate.sim.plant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated plant: the host its devices listen on, a random seed for their noise, the devices and a
 * scenario of timed events. Loaded from YAML by {@link #load(Path)}; see {@code simulator/DEVICES.md}.
 *
 * <p>Immutable. Loading is strict: an unknown key, a wrong type or a dangling reference is an error at load
 * time, reported as a {@link PlantConfigException} naming the file and the field, never a silent default.
 */
public record PlantConfig(String host, long seed, List<DeviceSpec> devices, List<ScenarioStep> scenario) {

    /** Host used when the file has none. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Seed used when the file has none. */
    public static final long DEFAULT_SEED = 1;
    /** Unit id used when a device has none. */
    public static final int DEFAULT_UNIT = 1;

    private static final Set<String> TOP_KEYS = Set.of("host", "seed", "devices", "scenario");
    private static final Set<String> DEVICE_KEYS = Set.of("id", "type", "port", "unit");
    private static final Set<String> STEP_KEYS = Set.of("at", "device", "action");

    /** Checks the cross-references: device ids unique, fixed ports unique, scenario devices exist. */
    public PlantConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        devices = List.copyOf(devices);
        scenario = List.copyOf(scenario);
        Set<String> ids = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (DeviceSpec d : devices) {
            if (!ids.add(d.id())) {
                throw new IllegalArgumentException("duplicate device id '" + d.id() + "'");
            }
            if (d.port() != 0 && !ports.add(d.port())) {
                throw new IllegalArgumentException("device '" + d.id() + "': port " + d.port() + " is used twice");
            }
        }
        for (ScenarioStep s : scenario) {
            if (!ids.contains(s.device())) {
                throw new IllegalArgumentException("scenario: unknown device '" + s.device() + "'");
            }
        }
    }

    /** Reads and checks the YAML file {@code file}. */
    public static PlantConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PlantConfigException(file + ": cannot read plant config: no such file", e);
        } catch (IOException e) {
            throw new PlantConfigException(file + ": cannot read plant config: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses and checks YAML {@code text}; {@code source} names it in error messages (e.g. the file name). */
    public static PlantConfig parse(String text, String source) {
        JsonNode root;
        try {
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            yaml.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new PlantConfigException(source + ": " + where + "invalid YAML: " + e.getOriginalMessage(), e);
        }
        return new Reader(source).config(root);
    }

    /** Walks the YAML tree, keeping the source name for error messages. */
    private record Reader(String source) {

        PlantConfig config(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw error("", "file is empty; expected keys " + TOP_KEYS);
            }
            object(root, "", TOP_KEYS);
            String host = root.has("host") ? text(root.get("host"), "host") : DEFAULT_HOST;
            long seed = root.has("seed") ? integer(root.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE)
                    : DEFAULT_SEED;

            JsonNode devicesNode = root.get("devices");
            if (devicesNode == null || devicesNode.isNull()) {
                throw error("devices", "missing; a plant needs at least one device");
            }
            list(devicesNode, "devices");
            if (devicesNode.isEmpty()) {
                throw error("devices", "empty; a plant needs at least one device");
            }
            List<DeviceSpec> devices = new ArrayList<>();
            Set<String> ids = new LinkedHashSet<>();
            Set<Long> ports = new HashSet<>();
            for (int i = 0; i < devicesNode.size(); i++) {
                String at = "devices[" + i + "]";
                JsonNode d = devicesNode.get(i);
                object(d, at, DEVICE_KEYS);
                String id = text(required(d, "id", at), at + ".id");
                if (!id.matches("[A-Za-z0-9_.-]+")) {
                    throw error(at + ".id", "'" + id + "' must consist of letters, digits, '_', '.' or '-'");
                }
                if (!ids.add(id)) {
                    throw error(at + ".id", "duplicate device id '" + id + "'");
                }
                String type = text(required(d, "type", at), at + ".type");
                try {
                    DeviceType.of(type);
                } catch (IllegalArgumentException e) {
                    throw error(at + ".type", e.getMessage());
                }
                long port = d.has("port") ? integer(d.get("port"), at + ".port", 0, 65535) : 0;
                if (port != 0 && !ports.add(port)) {
                    throw error(at + ".port", "port " + port + " is already used by another device");
                }
                long unit = d.has("unit") ? integer(d.get("unit"), at + ".unit", 0, 255) : DEFAULT_UNIT;
                devices.add(new DeviceSpec(id, type, (int) port, (int) unit));
            }

            List<ScenarioStep> steps = new ArrayList<>();
            JsonNode scenarioNode = root.get("scenario");
            if (scenarioNode != null && !scenarioNode.isNull()) {
                list(scenarioNode, "scenario");
                for (int i = 0; i < scenarioNode.size(); i++) {
                    String at = "scenario[" + i + "]";
                    JsonNode s = scenarioNode.get(i);
                    object(s, at, STEP_KEYS);
                    JsonNode atNode = required(s, "at", at);
                    if (!atNode.isNumber() || !(atNode.asDouble() >= 0) || Double.isInfinite(atNode.asDouble())) {
                        throw error(at + ".at", "must be a number of seconds >= 0, got " + show(atNode));
                    }
                    String device = text(required(s, "device", at), at + ".device");
                    if (!ids.contains(device)) {
                        throw error(at + ".device",
                                "unknown device '" + device + "' (devices: " + String.join(", ", ids) + ")");
                    }
                    String action = text(required(s, "action", at), at + ".action");
                    if (!ScenarioStep.ACTIONS.contains(action)) {
                        throw error(at + ".action", "unknown action '" + action + "' (known: "
                                + String.join(", ", ScenarioStep.ACTIONS) + ")");
                    }
                    steps.add(new ScenarioStep(atNode.asDouble(), device, action));
                }
            }
            try {
                return new PlantConfig(host, seed, devices, steps);
            } catch (IllegalArgumentException e) {
                throw error("", e.getMessage());
            }
        }

        private void object(JsonNode node, String at, Set<String> allowed) {
            if (!node.isObject()) {
                throw error(at, "expected a mapping with keys " + sorted(allowed) + ", got " + show(node));
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!allowed.contains(key)) {
                    throw error(join(at, key), "unknown key '" + key + "' (known: " + sorted(allowed) + ")");
                }
            }
        }

        private void list(JsonNode node, String at) {
            if (!node.isArray()) {
                throw error(at, "expected a list, got " + show(node));
            }
        }

        private JsonNode required(JsonNode parent, String key, String at) {
            JsonNode v = parent.get(key);
            if (v == null || v.isNull()) {
                throw error(join(at, key), "missing");
            }
            return v;
        }

        private String text(JsonNode node, String at) {
            if (!node.isTextual() || node.asText().isBlank()) {
                throw error(at, "expected a non-empty string, got " + show(node));
            }
            return node.asText();
        }

        private long integer(JsonNode node, String at, long min, long max) {
            if (!node.isIntegralNumber() || !node.canConvertToLong()) {
                throw error(at, "expected an integer, got " + show(node));
            }
            long v = node.asLong();
            if (v < min || v > max) {
                throw error(at, "must be " + min + ".." + max + ", got " + v);
            }
            return v;
        }

        private PlantConfigException error(String at, String message) {
            return new PlantConfigException(source + ": " + (at.isEmpty() ? "" : at + ": ") + message);
        }

        private static String join(String at, String key) {
            return at.isEmpty() ? key : at + "." + key;
        }

        private static String sorted(Set<String> keys) {
            return String.join(", ", keys.stream().sorted().toList());
        }

        private static String show(JsonNode node) {
            if (node.isTextual()) {
                return "'" + node.asText() + "'";
            }
            if (node.isObject()) {
                return "a mapping";
            }
            if (node.isArray()) {
                return "a list";
            }
            return node.toString();
        }
    }
}
