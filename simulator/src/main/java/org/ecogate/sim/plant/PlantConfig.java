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
public record PlantConfig(String host, long seed, List<DeviceSpec> devices, List<ScenarioStep> scenario,
        double timeScale, boolean repeat, double duration, List<BusSpec> buses, List<CoapSpec> coap) {

    /** A CoAP face of an ESP device ({@code coap: [{device: esp1, port: 0}]}): /esp, /esp/cbor, /esp/kv with its values. */
    public record CoapSpec(String device, int port) {}

    /** A plant without CoAP sensors. */
    public PlantConfig(String host, long seed, List<DeviceSpec> devices, List<ScenarioStep> scenario,
            double timeScale, boolean repeat, double duration, List<BusSpec> buses) {
        this(host, seed, devices, scenario, timeScale, repeat, duration, buses, List.of());
    }

    /**
     * A shared RTU bus: {@code rtu-tcp} (RTU frames over TCP, like a serial-to-Ethernet server; port 0 = free port)
     * or {@code rtu} on a serial device or pty ({@code tty}). Devices name it with {@code bus:} and answer by unit id.
     */
    public record BusSpec(String name, String transport, int port, String tty) {}

    /** A plant without shared buses. */
    public PlantConfig(String host, long seed, List<DeviceSpec> devices, List<ScenarioStep> scenario,
            double timeScale, boolean repeat, double duration) {
        this(host, seed, devices, scenario, timeScale, repeat, duration, List.of());
    }

    /** Host used when the file has none. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Seed used when the file has none. */
    public static final long DEFAULT_SEED = 1;
    /** Unit id used when a device has none. */
    public static final int DEFAULT_UNIT = 1;

    /** Time scale used when the file has none: scenario seconds play in as many real seconds. */
    public static final double DEFAULT_TIME_SCALE = 1.0;

    private static final Set<String> TOP_KEYS =
            Set.of("host", "seed", "devices", "scenario", "timeScale", "repeat", "duration", "buses", "coap");
    private static final Set<String> COAP_KEYS = Set.of("device", "port");
    private static final Set<String> DEVICE_KEYS = Set.of("id", "type", "port", "unit", "bus");
    private static final Set<String> BUS_KEYS = Set.of("name", "transport", "port", "tty");
    private static final Set<String> STEP_KEYS = Set.of("at", "device", "action", "value", "period", "until", "ramp");

    /** A plant whose scenario plays once in real time (timeScale 1, no repeat, no duration). */
    public PlantConfig(String host, long seed, List<DeviceSpec> devices, List<ScenarioStep> scenario) {
        this(host, seed, devices, scenario, DEFAULT_TIME_SCALE, false, Double.NaN);
    }

    /**
     * Checks the cross-references: device ids unique, fixed ports unique, scenario devices exist and suit their
     * steps; timeScale {@literal >} 0; duration (NaN = none) {@literal >} 0 and, with repeat, not before a step.
     */
    public PlantConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
            throw new IllegalArgumentException("timeScale must be a number > 0, got " + timeScale);
        }
        if (!Double.isNaN(duration) && (!(duration > 0) || Double.isInfinite(duration))) {
            throw new IllegalArgumentException("duration must be a number of seconds > 0, got " + duration);
        }
        devices = List.copyOf(devices);
        scenario = List.copyOf(scenario);
        buses = buses == null ? List.of() : List.copyOf(buses);
        coap = coap == null ? List.of() : List.copyOf(coap);
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
            DeviceType type = devices.stream().filter(d -> d.id().equals(s.device())).findFirst().orElseThrow()
                    .deviceType();
            String problem = s.problemFor(type);
            if (problem != null) {
                throw new IllegalArgumentException("scenario: " + problem);
            }
            if (repeat && !Double.isNaN(duration) && s.end() > duration) {
                throw new IllegalArgumentException("scenario: step at " + s.at() + " ends after duration " + duration);
            }
        }
        if (repeat && !(loopSeconds(scenario, duration) > 0)) {
            throw new IllegalArgumentException("repeat: needs a duration or a scenario step after 0 s");
        }
    }

    /** The length of one scenario loop: {@code duration} if set, else the end of the last step (0 if none). */
    public double loopSeconds() {
        return loopSeconds(scenario, duration);
    }

    private static double loopSeconds(List<ScenarioStep> scenario, double duration) {
        return Double.isNaN(duration) ? scenario.stream().mapToDouble(ScenarioStep::end).max().orElse(0) : duration;
    }

    /** The scenario expanded into primitive events (flaps into toggles), see {@link ScenarioTimeline}. */
    public ScenarioTimeline timeline() {
        return ScenarioTimeline.of(this);
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

        /** {@code coap:} entries: each names an esp device that also answers over CoAP. */
        private List<CoapSpec> coap(JsonNode root, List<DeviceSpec> devices) {
            List<CoapSpec> out = new ArrayList<>();
            if (!root.has("coap")) return out;
            list(root.get("coap"), "coap");
            for (int i = 0; i < root.get("coap").size(); i++) {
                String at = "coap[" + i + "]";
                JsonNode c = root.get("coap").get(i);
                object(c, at, COAP_KEYS);
                String device = text(required(c, "device", at), at + ".device");
                DeviceSpec d = devices.stream().filter(x -> x.id().equals(device)).findFirst()
                        .orElseThrow(() -> error(at + ".device", "unknown device '" + device + "'"));
                if (!d.type().equals("esp")) throw error(at + ".device", "'" + device + "' is a " + d.type() + "; only esp devices have a CoAP sensor");
                out.add(new CoapSpec(device, c.has("port") ? (int) integer(c.get("port"), at + ".port", 0, 65535) : 0));
            }
            return out;
        }

        PlantConfig config(JsonNode root) {
            if (root == null || root.isMissingNode() || root.isNull()) {
                throw error("", "file is empty; expected keys " + TOP_KEYS);
            }
            object(root, "", TOP_KEYS);
            String host = root.has("host") ? text(root.get("host"), "host") : DEFAULT_HOST;
            List<BusSpec> buses = new ArrayList<>();
            if (root.has("buses")) {
                JsonNode bs = root.get("buses");
                if (!bs.isArray()) throw error("buses", "must be a list of {name, transport, port | tty}");
                for (int i = 0; i < bs.size(); i++) {
                    String at = "buses[" + i + "]";
                    JsonNode b = bs.get(i);
                    object(b, at, BUS_KEYS);
                    String name = text(required(b, "name", at), at + ".name");
                    String transport = text(required(b, "transport", at), at + ".transport");
                    if (!transport.equals("rtu-tcp") && !transport.equals("rtu")) {
                        throw error(at + ".transport", "unknown bus transport '" + transport + "' (known: rtu-tcp, rtu)");
                    }
                    long bport = b.has("port") ? integer(b.get("port"), at + ".port", 0, 65535) : 0;
                    String tty = b.has("tty") ? text(b.get("tty"), at + ".tty") : null;
                    if (transport.equals("rtu") && tty == null) throw error(at + ".tty", "missing: the serial device or pty to serve");
                    if (transport.equals("rtu-tcp") && tty != null) throw error(at + ".tty", "only for transport rtu");
                    if (buses.stream().anyMatch(x -> x.name().equals(name))) throw error(at + ".name", "duplicate bus '" + name + "'");
                    buses.add(new BusSpec(name, transport, (int) bport, tty));
                }
            }
            long seed = root.has("seed") ? integer(root.get("seed"), "seed", Long.MIN_VALUE, Long.MAX_VALUE)
                    : DEFAULT_SEED;
            double timeScale = root.has("timeScale") ? number(root.get("timeScale"), "timeScale", false)
                    : DEFAULT_TIME_SCALE;
            boolean repeat = false;
            if (root.has("repeat")) {
                JsonNode r = root.get("repeat");
                if (!r.isBoolean()) {
                    throw error("repeat", "expected true or false, got " + show(r));
                }
                repeat = r.asBoolean();
            }
            double duration = root.has("duration") ? number(root.get("duration"), "duration", false) : Double.NaN;

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
            java.util.Map<String, DeviceType> types = new java.util.HashMap<>();
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
                String bus = d.has("bus") ? text(d.get("bus"), at + ".bus") : null;
                if (bus != null) {
                    if (buses.stream().noneMatch(b -> b.name().equals(bus))) throw error(at + ".bus", "unknown bus '" + bus + "'");
                    if (d.has("port")) throw error(at + ".port", "a device on a bus has no port of its own (the bus has)");
                    final long u = unit;
                    if (devices.stream().anyMatch(x -> bus.equals(x.bus()) && x.unit() == u)) {
                        throw error(at + ".unit", "unit " + unit + " is already used on bus '" + bus + "'");
                    }
                }
                types.put(id, DeviceType.of(type));
                devices.add(new DeviceSpec(id, type, (int) port, (int) unit, bus));
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
                    double value = optionalNumber(s, "value", at, true);
                    double period = optionalNumber(s, "period", at, false);
                    double until = optionalNumber(s, "until", at, true);
                    double ramp = optionalNumber(s, "ramp", at, true);
                    String problem = ScenarioStep.problem(action, atNode.asDouble(), value, period, until, ramp);
                    if (problem == null) {
                        problem = new ScenarioStep(atNode.asDouble(), device, action, value, period, until, ramp)
                                .problemFor(types.get(device));
                    }
                    if (problem != null) {
                        int colon = problem.indexOf(": ");
                        throw error(at + "." + problem.substring(0, colon), problem.substring(colon + 2));
                    }
                    ScenarioStep step = new ScenarioStep(atNode.asDouble(), device, action, value, period, until,
                            ramp);
                    if (repeat && !Double.isNaN(duration) && step.end() > duration) {
                        throw error(at + (step.action().equals("flap") ? ".until" : ".at"), "ends at " + step.end()
                                + " s, after duration " + duration + " s (the scenario repeats)");
                    }
                    steps.add(step);
                }
            }
            if (repeat && Double.isNaN(duration) && steps.stream().mapToDouble(ScenarioStep::end).max().orElse(0) <= 0) {
                throw error("repeat", "needs a duration, or a scenario step after 0 s, to know the loop length");
            }
            try {
                return new PlantConfig(host, seed, devices, steps, timeScale, repeat, duration, buses, coap(root, devices));
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

        /** A number > 0 (or >= 0 if {@code zeroOk}), finite. */
        private double number(JsonNode node, String at, boolean zeroOk) {
            if (!node.isNumber() || Double.isInfinite(node.asDouble()) || Double.isNaN(node.asDouble())) {
                throw error(at, "expected a number, got " + show(node));
            }
            double v = node.asDouble();
            if (zeroOk ? v < 0 : v <= 0) {
                throw error(at, "must be a number " + (zeroOk ? ">= 0" : "> 0") + ", got " + show(node));
            }
            return v;
        }

        /** The optional numeric key {@code key} of step {@code parent} (at {@code at}), NaN when absent. */
        private double optionalNumber(JsonNode parent, String key, String at, boolean zeroOk) {
            JsonNode v = parent.get(key);
            return v == null || v.isNull() ? Double.NaN : number(v, at + "." + key, zeroOk);
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
