package org.ecogate.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices part of config validation: transports, equipment templates, point maps. Called by
 * {@link ConfigLoader} with its error factory so every problem names file, line and field. Stateless.
 * Trap: a template point overridden by name keeps every field the override does not set.
 */
final class Devices {
    /** Makes the loader's "file:line: path: problem" exception. */
    interface Errors {
        ConfigException err(String path, String problem);
    }

    static final List<String> TRANSPORTS = List.of("modbus-tcp", "modbus-rtu-tcp", "modbus-rtu", "coap");
    static final List<String> TABLES = List.of("coil", "discrete", "holding", "input");
    /** Register types and their size in registers (string: {@code length}); bool is the type of coils and discrete inputs. */
    static final Map<String, Integer> TYPES = types();
    static final List<String> ORDERS = List.of("ABCD", "CDAB", "BADC", "DCBA");
    static final List<String> PAYLOADS = List.of("json", "number", "cbor");
    static final List<String> PARITIES = List.of("none", "even", "odd");
    /** Equipment templates shipped in resources /templates/NAME.yaml. */
    public static final List<String> TEMPLATES = EquipmentTemplates.NAMES;

    private static Map<String, Integer> types() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("bool", 1);
        m.put("bit", 1);
        m.put("uint16", 1);
        m.put("int16", 1);
        m.put("uint32", 2);
        m.put("int32", 2);
        m.put("float32", 2);
        m.put("uint64", 4);
        m.put("int64", 4);
        m.put("float64", 4);
        m.put("string", 0);
        return m;
    }

    private final Errors e;

    Devices(Errors e) {
        this.e = e;
    }

    private static EquipmentTemplates.Template template(String name) {
        return EquipmentTemplates.get(name);
    }

    List<DeviceConfig> validate(List<DeviceYaml> raw) throws ConfigException {
        if (raw == null || raw.isEmpty()) throw e.err("devices", "missing: at least one device is required");
        List<DeviceConfig> devices = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Map<String, DeviceConfig> byConnection = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            DeviceYaml d = raw.get(i);
            String at = "devices[" + i + "]";
            if (d == null) throw e.err(at, "empty device entry");
            String id = requireId(at + ".id", d.id());
            if (ids.contains(id)) throw e.err(at + ".id", "duplicate device id '" + id + "'");
            ids.add(id);
            DeviceConfig v = device(at, id, d);
            DeviceConfig other = byConnection.putIfAbsent(v.connectionKey(), v);
            if (other != null && v.transport() instanceof Transport.ModbusRtu line && !line.equals(other.transport())) {
                throw e.err(at + ".baud", "serial port " + line.serial() + " is shared with device '" + other.id()
                        + "' but its baud/parity/dataBits/stopBits differ");
            }
            devices.add(v);
        }
        return devices;
    }

    private DeviceConfig device(String at, String id, DeviceYaml d) throws ConfigException {
        String transport = Settings.DEVICE_TRANSPORT.or(d.transport());
        if (!TRANSPORTS.contains(transport)) {
            throw e.err(at + ".transport", "unknown transport '" + transport + "' (known: " + String.join(", ", TRANSPORTS) + ")");
        }
        boolean serial = transport.equals("modbus-rtu");
        boolean coap = transport.equals("coap");
        if (!serial && !coap && (d.host() == null || d.host().isBlank())) throw e.err(at + ".host", "missing: the device's host or IP address is required");
        if (serial && (d.serial() == null || d.serial().isBlank())) throw e.err(at + ".serial", "missing: the serial port is required, e.g. /dev/ttyUSB0");
        if (!serial) for (String[] k : new String[][] {{"serial", d.serial()}, {"parity", d.parity()}}) {
            if (k[1] != null) throw e.err(at + "." + k[0], "only for transport modbus-rtu");
        }
        if (!serial && (d.baud() != null || d.dataBits() != null || d.stopBits() != null)) {
            throw e.err(at + (d.baud() != null ? ".baud" : d.dataBits() != null ? ".dataBits" : ".stopBits"), "only for transport modbus-rtu");
        }
        String uri = d.uri();
        if (coap) {
            if (uri == null || !uri.matches("coaps?://[^\\s/]+(/\\S*)?")) {
                throw e.err(at + ".uri", uri == null ? "missing: the resource URI is required, e.g. coap://10.0.0.9/esp"
                        : "'" + uri + "' is not a coap:// or coaps:// URI");
            }
            if (uri.startsWith("coaps:") && (d.pskIdentity() == null || d.pskKey() == null)) {
                throw e.err(at + (d.pskIdentity() == null ? ".pskIdentity" : ".pskKey"), "missing: coaps:// needs pskIdentity and pskKey (DTLS pre-shared key)");
            }
            if (d.host() != null) throw e.err(at + ".host", "not for transport coap: the host is in the uri");
        } else {
            if (uri != null) throw e.err(at + ".uri", "only for transport coap");
            if (d.observe() != null) throw e.err(at + ".observe", "only for transport coap");
            if (d.payload() != null) throw e.err(at + ".payload", "only for transport coap");
            if (d.pskIdentity() != null || d.pskKey() != null) throw e.err(at + (d.pskIdentity() != null ? ".pskIdentity" : ".pskKey"), "only for transport coap");
        }
        String payload = d.payload() == null ? (coap ? Settings.DEVICE_PAYLOAD.defaultValue() : null) : d.payload();
        if (payload != null && !PAYLOADS.contains(payload)) {
            throw e.err(at + ".payload", "unknown payload '" + payload + "' (known: " + String.join(", ", PAYLOADS) + ")");
        }
        String parity = serial ? Settings.DEVICE_PARITY.or(d.parity()) : null;
        if (parity != null && !PARITIES.contains(parity)) throw e.err(at + ".parity", "unknown parity '" + parity + "' (known: none, even, odd)");
        Integer stop = serial ? range(at + ".stopBits", d.stopBits(), Settings.DEVICE_STOP_BITS) : null;
        Integer bits = serial ? range(at + ".dataBits", d.dataBits(), Settings.DEVICE_DATA_BITS) : null;
        Integer baud = serial ? range(at + ".baud", d.baud(), Settings.DEVICE_BAUD) : null;
        String order = d.order();
        List<PointConfig> pts = points(at, d, coap, payload);
        if (order == null && d.template() != null) order = template(d.template()).order();
        Duration interval = duration(at + ".interval", d.interval(), Settings.DEVICE_INTERVAL);
        Transport link = switch (transport) {
            case "modbus-rtu" -> new Transport.ModbusRtu(d.serial(), baud, parity, bits, stop);
            case "coap" -> new Transport.Coap(uri, Settings.DEVICE_OBSERVE.or(d.observe()), payload, d.pskIdentity(), d.pskKey());
            case "modbus-rtu-tcp" -> new Transport.ModbusRtuTcp(d.host(), range(at + ".port", d.port(), Settings.DEVICE_PORT));
            default -> new Transport.ModbusTcp(d.host(), range(at + ".port", d.port(), Settings.DEVICE_PORT));
        };
        return new DeviceConfig(id, d.template(), link,
                range(at + ".unit", d.unit(), Settings.DEVICE_UNIT),
                interval,
                duration(at + ".timeout", d.timeout(), Settings.DEVICE_TIMEOUT),
                range(at + ".retries", d.retries(), Settings.DEVICE_RETRIES),
                range(at + ".maxRegisters", d.maxRegisters(), Settings.DEVICE_MAX_REGISTERS),
                range(at + ".maxBits", d.maxBits(), Settings.DEVICE_MAX_BITS),
                range(at + ".maxGap", d.maxGap(), Settings.DEVICE_MAX_GAP),
                order, pts,
                duration(at + ".pause", d.pause(), Settings.DEVICE_PAUSE),
                range(at + ".offlineAfter", d.offlineAfter(), Settings.DEVICE_OFFLINE_AFTER),
                // an offline device is tried every interval by default: a data gap is reported at most one interval long
                d.probe() == null ? interval : duration(at + ".probe", d.probe(), Settings.DEVICE_PROBE));
    }

    private List<PointConfig> points(String at, DeviceYaml d, boolean coap, String payload) throws ConfigException {
        List<PointConfig> own = d.points() == null ? List.of() : d.points();
        List<PointConfig> pts = own;
        List<String> fromTemplate = List.of();
        String deviceOrder = d.order();
        if (d.template() != null) {
            EquipmentTemplates.Template t = template(d.template());
            if (t == null) throw e.err(at + ".template", "unknown template '" + d.template() + "' (known: " + String.join(", ", TEMPLATES) + ")");
            if (coap) throw e.err(at + ".template", "templates describe Modbus register maps; a coap device lists its points");
            if (deviceOrder == null) deviceOrder = t.order();
            // template points, each replaced field by field by a device point of the same name; new names appended
            Map<String, PointConfig> merged = new LinkedHashMap<>();
            for (PointConfig p : t.points()) merged.put(p.name(), p);
            for (PointConfig p : own) {
                if (p != null && p.name() != null && merged.containsKey(p.name())) merged.put(p.name(), merged.get(p.name()).mergedWith(p));
            }
            pts = new ArrayList<>(merged.values());
            for (PointConfig p : own) if (p == null || p.name() == null || !t.points().stream().anyMatch(q -> q.name().equals(p.name()))) pts.add(p);
            fromTemplate = t.points().stream().map(PointConfig::name).toList();
        }
        if (pts.isEmpty()) throw e.err(at + ".points", "missing: a device needs points (or a template: " + String.join(", ", TEMPLATES) + ")");
        if (coap && "number".equals(payload) && pts.size() != 1) throw e.err(at + ".points", "a plain-number payload carries one point, not " + pts.size());
        List<String> names = new ArrayList<>();
        List<PointConfig> out = new ArrayList<>();
        for (int j = 0; j < pts.size(); j++) {
            PointConfig p = pts.get(j);
            // a template point keeps the path of the device's overriding entry when there is one
            int ownIndex = p == null || p.name() == null ? -1 : indexOf(own, p.name());
            String pat = ownIndex >= 0 ? at + ".points[" + ownIndex + "]" : fromTemplate.contains(p == null ? "" : p.name())
                    ? at + ".template" : at + ".points[" + own.indexOf(p) + "]";
            if (p == null) throw e.err(pat, "empty point entry");
            if (p.name() == null) throw e.err(pat + ".name", "missing: every point needs a name");
            if (!p.name().matches("[A-Za-z0-9_]{1,64}")) throw e.err(pat + ".name", "'" + p.name() + "' is not a valid point name (letters, digits, _)");
            if (names.contains(p.name())) throw e.err(pat + ".name", "duplicate point name '" + p.name() + "'");
            names.add(p.name());
            out.add(coap ? coapPoint(pat, p, payload) : point(pat, p, deviceOrder));
        }
        return List.copyOf(out);
    }

    private static int indexOf(List<PointConfig> ps, String name) {
        for (int i = 0; i < ps.size(); i++) if (ps.get(i) != null && name.equals(ps.get(i).name())) return i;
        return -1;
    }

    private PointConfig coapPoint(String pat, PointConfig p, String payload) throws ConfigException {
        for (String[] k : new String[][] {{"address", p.address()}, {"table", p.table()}, {"type", p.type()}, {"order", p.order()}}) {
            if (k[1] != null) throw e.err(pat + "." + k[0], "not for a coap point (use pointer: /json/pointer)");
        }
        if (p.bit() != null || p.length() != null) throw e.err(pat + (p.bit() != null ? ".bit" : ".length"), "not for a coap point");
        if (!"number".equals(payload)) {
            if (p.pointer() == null) throw e.err(pat + ".pointer", "missing: the JSON pointer of the value in the payload, e.g. /kv");
            if (!p.pointer().isEmpty() && !p.pointer().startsWith("/")) throw e.err(pat + ".pointer", "'" + p.pointer() + "' is not a JSON pointer (starts with /)");
        } else if (p.pointer() != null) {
            throw e.err(pat + ".pointer", "a plain-number payload has no structure to point into");
        }
        checkScale(pat, p);
        return p;
    }

    /** Validates a Modbus point and returns it normalized: 0-based numeric address, table, type and order filled in. */
    private PointConfig point(String pat, PointConfig p, String deviceOrder) throws ConfigException {
        if (p.address() == null) throw e.err(pat + ".address", "missing: every point needs an address");
        if (p.pointer() != null) throw e.err(pat + ".pointer", "only for coap points");
        String table = p.table();
        String addrText = p.address().trim();
        int address;
        try {
            ModiconRef ref = ModiconRef.resolve(addrText, table);
            table = ref.table();
            address = ref.address();
        } catch (IllegalArgumentException x) {
            throw e.err(pat + ".address", x.getMessage());
        }
        if (!TABLES.contains(table)) throw e.err(pat + ".table", "unknown table '" + table + "' (known: " + String.join(", ", TABLES) + ")");
        boolean bitTable = table.equals("coil") || table.equals("discrete");
        String type = p.type() == null ? (bitTable ? "bool" : "uint16") : p.type();
        if (!TYPES.containsKey(type)) throw e.err(pat + ".type", "unknown type '" + type + "' (known: " + String.join(", ", TYPES.keySet()) + ")");
        if (bitTable && type.equals("bit") && p.bit() == null) type = "bool"; // "bit" on a coil: the coil itself
        if (bitTable && !type.equals("bool")) throw e.err(pat + ".type", "a " + table + " holds single bits: use type bool");
        if (!bitTable && type.equals("bool")) throw e.err(pat + ".type", "bool is for coils and discrete inputs; a bit inside a register is type bit with bit: 0..15");
        Integer bit = p.bit();
        if (bit != null && (bit < 0 || bit > 15)) throw e.err(pat + ".bit", bit + " is out of range 0..15");
        if (type.equals("bit") && bit == null) throw e.err(pat + ".bit", "missing: which bit (0..15) of the register");
        if (!type.equals("bit") && bit != null) throw e.err(pat + ".bit", "only for type bit");
        Integer length = p.length();
        if (type.equals("string")) {
            if (length == null) throw e.err(pat + ".length", "missing: a string's length in registers (2 characters each)");
            if (length < 1 || length > 125) throw e.err(pat + ".length", length + " is out of range 1..125 registers");
        } else if (length != null) {
            throw e.err(pat + ".length", "only for type string");
        }
        String order = p.order() != null ? p.order() : Settings.DEVICE_ORDER.or(deviceOrder);
        if (!ORDERS.contains(order)) throw e.err(pat + ".order", "unknown word/byte order '" + order + "' (known: " + String.join(", ", ORDERS) + ")");
        int words = type.equals("string") ? length : TYPES.get(type);
        if (!bitTable && address + words - 1 > 65_535) throw e.err(pat + ".address", "register " + address + " plus " + words + " words passes 65535");
        checkScale(pat, p);
        return new PointConfig(p.name(), Integer.toString(address), table, type, order, bit, length,
                p.scale(), p.offset(), p.unit(), p.min(), p.max(), null);
    }

    private void checkScale(String pat, PointConfig p) throws ConfigException {
        if (p.scale() != null && (p.scale() == 0 || p.scale().isNaN() || p.scale().isInfinite())) throw e.err(pat + ".scale", "must be a non-zero number");
        if (p.min() != null && p.max() != null && p.min() > p.max()) throw e.err(pat + ".min", "min " + p.min() + " is above max " + p.max());
    }

    private String requireId(String path, String v) throws ConfigException {
        if (v == null) throw e.err(path, "missing: an id is required");
        if (!v.matches("[A-Za-z0-9_-]{1,64}")) throw e.err(path, "'" + v + "' is not a valid id (letters, digits, _ and -, at most 64)");
        return v;
    }

    private int range(String path, Integer v, Setting<Integer> s) throws ConfigException {
        if (v == null) return s.defaultValue();
        if (v < s.min() || v > s.max()) throw e.err(path, v + " is out of range " + s.min() + ".." + s.max());
        return v;
    }

    private Duration duration(String path, Duration v, Setting<Duration> s) throws ConfigException {
        if (v == null) return s.defaultValue();
        if (v.compareTo(s.min()) < 0) throw e.err(path, Durations.format(v) + " is too short (at least " + Durations.format(s.min()) + ")");
        return v;
    }
}
