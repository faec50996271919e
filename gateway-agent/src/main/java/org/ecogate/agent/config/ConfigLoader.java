package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

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

    /** The YAML document as written, before defaults. */
    record RawConfig(String gateway, BufferConfig buffer, UplinkConfig uplink, List<DeviceConfig> devices,
                     com.fasterxml.jackson.databind.JsonNode detection) {}

    private ConfigLoader() {}

    public static AgentConfig load(Path file) throws ConfigException {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
        return parse(name, text, file.toAbsolutePath().getParent());
    }

    public static AgentConfig parse(String name, String text, Path baseDir) throws ConfigException {
        try (com.fasterxml.jackson.core.JsonParser p = YAML.getFactory().createParser(text)) {
            while (p.nextToken() != null) {
                // syntax check first, so a broken document is reported as such, with its line
            }
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, line(e), "", "not valid YAML: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
        YamlLines lines = YamlLines.index(text);
        RawConfig raw;
        try {
            raw = YAML.readValue(text, RawConfig.class);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds() == null ? List.of()
                    : e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.toList());
            String full = path(e);
            String parent = full.endsWith("." + e.getPropertyName()) ? full.substring(0, full.length() - e.getPropertyName().length() - 1)
                    : full.equals(String.valueOf(e.getPropertyName())) ? "" : full;
            throw new ConfigException(name, lineOr(lines, full, e), parent, "unknown key '" + e.getPropertyName() + "'"
                    + (known.isEmpty() ? "" : " (known keys: " + String.join(", ", known) + ")"));
        } catch (InvalidFormatException e) {
            String msg = e.getOriginalMessage();
            int cut = msg.indexOf(": ");
            throw new ConfigException(name, lineOr(lines, path(e), e), path(e), "wrong value '" + e.getValue() + "': expected "
                    + describe(e.getTargetType()) + (msg.contains("duration") && cut > 0 ? " (" + msg.substring(msg.lastIndexOf(": ") + 2) + ")" : ""));
        } catch (MismatchedInputException e) {
            throw new ConfigException(name, lineOr(lines, path(e), e), path(e), "wrong type: expected " + describe(e.getTargetType()));
        } catch (JsonMappingException e) {
            throw new ConfigException(name, lineOr(lines, path(e), e), path(e), e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    "not valid YAML: " + e.getOriginalMessage());
        }
        if (raw == null) throw new ConfigException(name, 1, "", "the file is empty");
        return new Validator(name, lines).validate(raw, baseDir);
    }

    /** The line the index knows for the path (reliable for records, which Jackson binds after buffering), else Jackson's. */
    private static int lineOr(YamlLines lines, String path, JsonProcessingException e) {
        int l = path.isEmpty() ? 0 : lines.lineOf(path);
        return l > 0 ? l : line(e);
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
            UplinkConfig uplink = new UplinkConfig(up.broker(),
                    up.clientId() == null ? "ecogate-" + gateway : up.clientId(),
                    range("uplink.batchMaxRecords", up.batchMaxRecords(), 500, 1, 10_000),
                    range("uplink.window", up.window(), 4, 1, 64),
                    duration("uplink.ackTimeout", up.ackTimeout(), Duration.ofSeconds(5), Duration.ofMillis(100)),
                    duration("uplink.drainOnStop", up.drainOnStop(), Duration.ofSeconds(10), Duration.ZERO),
                    up.username(), up.password());

            if (raw.devices() == null || raw.devices().isEmpty()) throw err("devices", "missing: at least one device is required");
            List<DeviceConfig> devices = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < raw.devices().size(); i++) {
                DeviceConfig d = raw.devices().get(i);
                String at = "devices[" + i + "]";
                if (d == null) throw err(at, "empty device entry");
                String id = requireId(at + ".id", d.id());
                if (ids.contains(id)) throw err(at + ".id", "duplicate device id '" + id + "'");
                ids.add(id);
                String transport = d.transport() == null ? "modbus-tcp" : d.transport();
                if (!transport.equals("modbus-tcp")) {
                    throw err(at + ".transport", "unknown transport '" + transport + "' (known: modbus-tcp)");
                }
                if (d.host() == null || d.host().isBlank()) throw err(at + ".host", "missing: the device's host or IP address is required");
                devices.add(new DeviceConfig(id, d.template(), transport, d.host(),
                        range(at + ".port", d.port(), 502, 1, 65_535),
                        range(at + ".unit", d.unit(), 1, 0, 247),
                        duration(at + ".interval", d.interval(), Duration.ofSeconds(1), Duration.ofMillis(100)),
                        duration(at + ".timeout", d.timeout(), Duration.ofSeconds(1), Duration.ofMillis(50)),
                        range(at + ".retries", d.retries(), 1, 0, 5),
                        range(at + ".maxRegisters", d.maxRegisters(), 125, 1, 125),
                        range(at + ".maxBits", d.maxBits(), 2000, 1, 2000),
                        range(at + ".maxGap", d.maxGap(), 8, 0, 124),
                        d.order(),
                        points(at, d)));
            }
            return new AgentConfig(gateway, buffer, uplink, List.copyOf(devices), detection(raw, devices), baseDir);
        }

        /** The detection section, parsed by the detector's own strict parser; its rules may only use configured points. */
        private org.ecogate.agent.detect.DetectionConfig detection(RawConfig raw, List<DeviceConfig> devices) throws ConfigException {
            org.ecogate.agent.detect.DetectionConfig dc;
            try {
                dc = org.ecogate.agent.detect.DetectionConfig.parse(raw.detection());
            } catch (org.ecogate.agent.detect.DetectionConfigException e) {
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
            return dc;
        }

        private List<PointConfig> points(String at, DeviceConfig d) throws ConfigException {
            List<PointConfig> pts = d.points() == null ? List.of() : d.points();
            if (d.template() != null) throw err(at + ".template", "unknown template '" + d.template() + "' (no templates are defined in this version)");
            if (pts.isEmpty()) {
                throw err(at + ".points", "missing: a device needs points");
            }
            List<String> names = new ArrayList<>();
            List<PointConfig> out = new ArrayList<>();
            for (int j = 0; j < pts.size(); j++) {
                PointConfig p = pts.get(j);
                String pat = at + ".points[" + j + "]";
                if (p == null) throw err(pat, "empty point entry");
                if (p.name() == null) throw err(pat + ".name", "missing: every point needs a name");
                if (!p.name().matches("[A-Za-z0-9_]{1,64}")) throw err(pat + ".name", "'" + p.name() + "' is not a valid point name (letters, digits, _)");
                if (names.contains(p.name())) throw err(pat + ".name", "duplicate point name '" + p.name() + "'");
                names.add(p.name());
                if (p.address() == null) throw err(pat + ".address", "missing: every point needs an address");
                out.add(point(pat, p, d.order()));
            }
            return List.copyOf(out);
        }

        private static final List<String> TABLES = List.of("coil", "discrete", "holding", "input");
        private static final List<String> TYPES = List.of("bit", "uint16", "int16", "uint32", "int32", "float32");
        private static final List<String> ORDERS = List.of("ABCD", "CDAB", "BADC", "DCBA");

        /** Validates a point and returns it normalized: 0-based numeric address, table, type and order filled in. */
        private PointConfig point(String pat, PointConfig p, String deviceOrder) throws ConfigException {
            String table = p.table();
            String addrText = p.address().trim();
            int address;
            try {
                address = Integer.parseInt(addrText);
            } catch (NumberFormatException e) {
                throw err(pat + ".address", "'" + addrText + "' is not a register number");
            }
            if (table == null && addrText.length() >= 5 && "0134".indexOf(addrText.charAt(0)) >= 0 && address > 0) {
                // Modicon reference: 40001 = holding 0, 30001 = input 0, 10001 = discrete 0, 00001 = coil 0
                int digits = addrText.length() - 1;
                int base = (int) Math.pow(10, digits);
                table = switch (addrText.charAt(0)) {
                    case '4' -> "holding";
                    case '3' -> "input";
                    case '1' -> "discrete";
                    default -> "coil";
                };
                address = address % base - 1;
                if (address < 0) throw err(pat + ".address", "'" + addrText + "': Modicon references start at 1 (e.g. 40001)");
            }
            if (table == null) table = "holding";
            if (!TABLES.contains(table)) throw err(pat + ".table", "unknown table '" + table + "' (known: " + String.join(", ", TABLES) + ")");
            if (address < 0 || address > 65_535) throw err(pat + ".address", address + " is out of range 0..65535");
            boolean bitTable = table.equals("coil") || table.equals("discrete");
            String type = p.type() == null ? (bitTable ? "bit" : "uint16") : p.type();
            if (!TYPES.contains(type)) throw err(pat + ".type", "unknown type '" + type + "' (known: " + String.join(", ", TYPES) + ")");
            if (bitTable && !type.equals("bit")) throw err(pat + ".type", "a " + table + " holds single bits: use type bit");
            Integer bit = p.bit();
            if (bit != null && (bit < 0 || bit > 15)) throw err(pat + ".bit", bit + " is out of range 0..15");
            if (type.equals("bit") && !bitTable && bit == null) throw err(pat + ".bit", "missing: which bit (0..15) of the register");
            if (!type.equals("bit") && bit != null) throw err(pat + ".bit", "only for type bit");
            String order = p.order() != null ? p.order() : deviceOrder != null ? deviceOrder : "ABCD";
            if (!ORDERS.contains(order)) throw err(pat + ".order", "unknown word/byte order '" + order + "' (known: " + String.join(", ", ORDERS) + ")");
            int words = type.endsWith("32") ? 2 : 1;
            if (!bitTable && address + words - 1 > 65_535) throw err(pat + ".address", "register " + address + " plus " + words + " words passes 65535");
            if (p.scale() != null && (p.scale() == 0 || p.scale().isNaN() || p.scale().isInfinite())) throw err(pat + ".scale", "must be a non-zero number");
            if (p.min() != null && p.max() != null && p.min() > p.max()) throw err(pat + ".min", "min " + p.min() + " is above max " + p.max());
            return new PointConfig(p.name(), Integer.toString(address), table, type, order, bit, p.length(),
                    p.scale(), p.offset(), p.unit(), p.min(), p.max());
        }

        private String requireId(String path, String v) throws ConfigException {
            if (v == null) throw err(path, "missing: an id is required");
            if (!v.matches("[A-Za-z0-9_-]{1,64}")) throw err(path, "'" + v + "' is not a valid id (letters, digits, _ and -, at most 64)");
            return v;
        }

        private int range(String path, Integer v, int def, int min, int max) throws ConfigException {
            if (v == null) return def;
            if (v < min || v > max) throw err(path, v + " is out of range " + min + ".." + max);
            return v;
        }

        private Duration duration(String path, Duration v, Duration def, Duration min) throws ConfigException {
            if (v == null) return def;
            if (v.compareTo(min) < 0) throw err(path, Durations.format(v) + " is too short (at least " + Durations.format(min) + ")");
            return v;
        }
    }
}
