package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads and validates the agent's YAML config. Strict: unknown keys, wrong types and missing required
 * fields are rejected at load with {@link ConfigException} naming file, line and field. Stateless, thread-safe.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    private static final ObjectMapper PLAIN_YAML = new ObjectMapper(new YAMLFactory());

    /** The YAML document as written, before defaults. */
    record RawConfig(String gateway, BufferConfig buffer, UplinkConfig uplink, List<DeviceYaml> devices,
                     JsonNode detection, List<Hj212UplinkConfig> hj212, List<Hj212UplinkConfig> uplinks, LogConfig log,
                     WebConfig web) {}

    private ConfigLoader() {}

    public static AgentConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + FileErrors.reason(e));
        }
        return parse(name, text, file.toAbsolutePath().getParent());
    }

    /**
     * Reads a YAML file and parses its top-level {@code detection} key (for {@code ecogate detect}). A
     * detection-only file may also hold the section's keys at the top level (equipment, facilities, ...).
     * No detection keys: empty config. Errors carry the path inside the detection section.
     */
    public static DetectionConfig loadDetection(Path yamlFile) throws DetectionConfigException, IOException {
        JsonNode root;
        try {
            root = PLAIN_YAML.readTree(Files.readString(yamlFile));
        } catch (JsonProcessingException e) {
            ConfigException c = YamlSyntax.error(yamlFile.toString(), e);
            throw new DetectionConfigException("", c.problem() + (c.line() > 0 ? " (line " + c.line() + ":" + c.column() + ")" : ""));
        }
        if (root == null || !root.isObject()) return DetectionConfig.EMPTY;
        if (root.has("detection")) return DetectionConfig.parse(root.get("detection"));
        for (String k : DetectionConfigParser.TOP_KEYS) if (root.has(k)) return DetectionConfig.parse(root);
        return DetectionConfig.EMPTY;
    }

    public static AgentConfig parse(String name, String text, Path baseDir) throws ConfigException {
        return parse(name, text, baseDir, System.getenv());
    }

    /** As {@link #parse(String, String, Path)}, with {@code ${NAME}} values taken from {@code env}. */
    public static AgentConfig parse(String name, String text, Path baseDir, java.util.Map<String, String> env) throws ConfigException {
        // One pass: binding reports a broken document as "not valid YAML" with its line (a separate syntax pass
        // cost as much again: ~1.5 s for a 200-device config on a small box)
        YamlLines lines = YamlLines.index(text);
        RawConfig raw;
        try {
            if (text.contains("${") || text.contains("passwordFile")) {
                // secrets from the environment or files: substituted in the parsed tree (Secrets), then bound
                JsonNode tree = YAML.readTree(text);
                Secrets.resolve(tree, "", env, baseDir, (path, problem) -> new ConfigException(name, lines.lineOf(path), path, problem));
                raw = YAML.treeToValue(tree, RawConfig.class);
            } else {
                raw = YAML.readValue(text, RawConfig.class);
            }
        } catch (JsonMappingException e) {
            ConfigException syntax = syntaxError(name, text); // a broken document is reported as such, with its line
            throw syntax != null ? syntax : mappingError(name, lines, e);
        } catch (JsonProcessingException e) {
            throw YamlSyntax.error(name, e);
        }
        if (raw == null) throw new ConfigException(name, 1, "", "the file is empty");
        return new Validator(name, lines).validate(raw, baseDir);
    }

    /** The line the index knows for the path (reliable for records, which Jackson binds after buffering), else Jackson's. */
    private static int lineOr(YamlLines lines, String path, JsonProcessingException e) {
        int l = path.isEmpty() ? 0 : lines.lineOf(path);
        return l > 0 ? l : line(e);
    }

    /** The document's first syntax error, or null: only asked once binding failed (a second pass costs seconds). */
    private static ConfigException syntaxError(String name, String text) {
        try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                // tokens only
            }
            return null;
        } catch (JsonProcessingException e) {
            return YamlSyntax.error(name, e);
        } catch (java.io.IOException e) {
            return new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static ConfigException mappingError(String name, YamlLines lines, JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList());
            String full = path(u);
            String parent = full.endsWith("." + u.getPropertyName()) ? full.substring(0, full.length() - u.getPropertyName().length() - 1)
                    : full.equals(String.valueOf(u.getPropertyName())) ? "" : full;
            return new ConfigException(name, lineOr(lines, full, u), parent, "unknown key '" + u.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")"));
        }
        if (e instanceof InvalidFormatException f) {
            String msg = f.getOriginalMessage();
            int cut = msg.indexOf(": ");
            return new ConfigException(name, lineOr(lines, path(f), f), path(f), "wrong value '" + f.getValue() + "': expected "
                    + describe(f.getTargetType()) + (msg.contains("duration") && cut > 0 ? " (" + msg.substring(msg.lastIndexOf(": ") + 2) + ")" : ""));
        }
        if (e instanceof MismatchedInputException m) {
            return new ConfigException(name, lineOr(lines, path(m), m), path(m), "wrong type: expected " + describe(m.getTargetType()));
        }
        return new ConfigException(name, lineOr(lines, path(e), e), path(e), e.getOriginalMessage());
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getIndex() >= 0) sb.append('[').append(r.getIndex()).append(']');
            else if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) return "another type";
        if (type == Integer.class || type == int.class || type == Long.class) return "a whole number";
        if (type == Double.class || type == double.class) return "a number";
        if (type == String.class) return "text";
        if (type == Duration.class) return "a duration such as 500ms, 1s, 5m";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type == Boolean.class || type == boolean.class) return "true or false";
        return "a mapping (key: value lines)";
    }

    /** Applies defaults and checks ranges and references; collects the first error with its line. */
    private static final class Validator {
        private final String file;
        private final YamlLines lines;

        Validator(String file, YamlLines lines) {
            this.file = file;
            this.lines = lines;
        }

        private ConfigException err(String path, String problem) {
            return new ConfigException(file, lines.lineOf(path), path, problem);
        }

        AgentConfig validate(RawConfig raw, Path baseDir) throws ConfigException {
            String gateway = requireId("gateway", raw.gateway());
            BufferConfig buffer = BufferConfig.resolve(raw.buffer(), (key, problem) -> err("buffer." + key, problem));
            UplinkConfig up = raw.uplink();
            if (up == null) throw err("uplink", "missing: the uplink section (broker: tcp://host:1883) is required");
            if (up.broker() == null) throw err("uplink.broker", "missing: the broker URL is required, e.g. tcp://127.0.0.1:1883");
            if (!up.broker().matches("(tcp|ssl)://[^\\s:/]+:\\d{1,5}")) {
                throw err("uplink.broker", "'" + up.broker() + "' is not a broker URL of the form tcp://host:port or ssl://host:port");
            }
            UplinkConfig.Base base = new UplinkConfig.Base(up.broker(),
                    up.clientId() == null ? "ecogate-" + gateway : up.clientId(),
                    range(Settings.UPLINK_BATCH_MAX_RECORDS, up.batchMaxRecords()),
                    range(Settings.UPLINK_WINDOW, up.window()),
                    duration(Settings.UPLINK_ACK_TIMEOUT, up.ackTimeout()),
                    duration(Settings.UPLINK_DRAIN_ON_STOP, up.drainOnStop()));
            UplinkConfig uplink = UplinkConfig.resolve(base, up, baseDir, (key, problem) -> err("uplink." + key, problem));

            List<DeviceConfig> devices = new Devices(this::err).validate(raw.devices());
            DetectionConfig detection = detection(raw, devices);
            java.util.Set<String> points = new java.util.HashSet<>();
            for (DeviceConfig d : devices) for (PointConfig p : d.points()) points.add(d.id() + "." + p.name());
            java.util.Set<String> equipment = new java.util.HashSet<>();
            detection.equipment().forEach(e -> equipment.add(e.id()));
            String hj212Key = hj212Key(raw);
            List<Hj212UplinkConfig> uplinks = Hj212UplinkConfig.resolve(raw.hj212() != null ? raw.hj212() : raw.uplinks(),
                    points, equipment, (key, problem) -> err(hj212Key + key, problem));
            LogConfig log = LogConfig.resolve(raw.log(), baseDir, (key, problem) -> err("log." + key, problem));
            WebConfig web = WebConfig.resolve(raw.web(), (key, problem) -> err("web." + key, problem));
            return new AgentConfig(gateway, buffer, uplink, List.copyOf(devices), detection, baseDir, uplinks, log, web);
        }

        /** The key of the HJ 212 platforms: {@code hj212}, or the deprecated {@code uplinks} with a warning line. */
        private String hj212Key(RawConfig raw) throws ConfigException {
            if (raw.uplinks() == null) return "hj212";
            if (raw.hj212() != null) throw err("uplinks", "both hj212: and its old name uplinks: are set; keep hj212: only");
            LoggerFactory.getLogger(ConfigLoader.class).warn("{}:{}: the key 'uplinks:' (HJ 212 platforms) is deprecated: rename it 'hj212:'",
                    file, lines.lineOf("uplinks"));
            return "uplinks";
        }

        /** The detection section, parsed by the detector's own strict parser; its rules may only use configured points. */
        private DetectionConfig detection(RawConfig raw, List<DeviceConfig> devices) throws ConfigException {
            DetectionConfig dc;
            try {
                dc = DetectionConfig.parse(raw.detection());
            } catch (DetectionConfigException e) {
                String path = e.path() == null || e.path().isEmpty() ? "detection" : "detection." + e.path();
                if (path.startsWith("detection.[")) path = "detection" + e.path();
                throw err(path, e.problem());
            }
            java.util.Set<String> known = new java.util.HashSet<>();
            for (DeviceConfig d : devices) for (PointConfig p : d.points()) known.add(d.id() + "." + p.name());
            for (String p : new java.util.TreeSet<>(dc.referencedPoints())) {
                if (!known.contains(p)) {
                    throw err("detection", "rule uses point '" + p + "', which no device defines (points are named device.point, e.g. "
                            + (known.isEmpty() ? "fan1.freq" : known.iterator().next()) + ")");
                }
            }
            java.util.Map<String, List<String>> devicePoints = new java.util.LinkedHashMap<>();
            java.util.Map<String, Duration> intervals = new java.util.HashMap<>();
            for (DeviceConfig d : devices) {
                List<String> ids = new java.util.ArrayList<>();
                for (PointConfig p : d.points()) {
                    ids.add(d.id() + "." + p.name());
                    intervals.put(d.id() + "." + p.name(), d.interval());
                }
                devicePoints.put(d.id(), ids);
            }
            return dc.withDevices(devicePoints, intervals);
        }

        private String requireId(String path, String v) throws ConfigException {
            if (v == null) throw err(path, "missing: an id is required");
            if (!v.matches("[A-Za-z0-9_-]{1,64}")) throw err(path, "'" + v + "' is not a valid id (letters, digits, _ and -, at most 64)");
            return v;
        }

        private int range(Setting<Integer> s, Integer v) throws ConfigException {
            if (v == null) return s.defaultValue();
            if (v < s.min() || v > s.max()) throw err(s.key(), v + " is out of range " + s.min() + ".." + s.max());
            return v;
        }

        private Duration duration(Setting<Duration> s, Duration v) throws ConfigException {
            if (v == null) return s.defaultValue();
            if (v.compareTo(s.min()) < 0) throw err(s.key(), Durations.format(v) + " is too short (at least " + Durations.format(s.min()) + ")");
            return v;
        }
    }
}
