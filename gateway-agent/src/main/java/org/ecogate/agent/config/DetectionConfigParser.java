package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Strict walker over the detection section's tree: every error names its path (e.g.
 * {@code equipment[0].rules.running.above}) and, for unknown keys, lists the known ones. Stateless.
 */
final class DetectionConfigParser {
    static final List<String> TOP_KEYS = List.of("timezone", "equipment", "facilities", "warnings", "summaries");
    private static final List<String> EQUIPMENT_KEYS = List.of("id", "template", "role", "debounce", "offlineAfter", "rules", "points");
    private static final List<String> RULES_KEYS = List.of("running", "abnormal");
    private static final List<String> CONDITION_KEYS = List.of("point", "above", "below", "equals", "hysteresis");
    private static final List<String> FACILITY_KEYS = List.of("id", "equipment", "production", "grace");
    private static final List<String> WARNING_KEYS = List.of("point", "limit", "window", "levels", "hysteresis", "facility", "minSamples");
    private static final List<String> LEVEL_KEYS = List.of("warn", "alarm");
    private static final List<String> SUMMARY_KEYS = List.of("minute", "hour", "ledger", "counters", "grace");

    private DetectionConfigParser() {}

    static DetectionConfig parse(JsonNode root) throws DetectionConfigException {
        object(root, "", TOP_KEYS);
        ZoneId zone = java.time.ZoneOffset.UTC;
        String tz = text(root, "", "timezone", false);
        if (tz != null) {
            try {
                zone = ZoneId.of(tz);
            } catch (DateTimeException e) {
                throw new DetectionConfigException("timezone", "'" + tz + "' is not a zone; write an offset such as \"+08:00\" or a zone id such as Asia/Shanghai");
            }
        }
        List<EquipmentConfig> equipment = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<JsonNode> eqNodes = list(root, "", "equipment");
        for (int i = 0; i < eqNodes.size(); i++) {
            EquipmentConfig e = equipment(eqNodes.get(i), "equipment[" + i + "]");
            if (!ids.add(e.id())) throw new DetectionConfigException("equipment[" + i + "].id", "duplicate equipment id '" + e.id() + "'");
            equipment.add(e);
        }
        List<FacilityConfig> facilities = new ArrayList<>();
        Set<String> fids = new HashSet<>();
        List<JsonNode> fNodes = list(root, "", "facilities");
        for (int i = 0; i < fNodes.size(); i++) {
            FacilityConfig f = facility(fNodes.get(i), "facilities[" + i + "]", ids);
            if (!fids.add(f.id())) throw new DetectionConfigException("facilities[" + i + "].id", "duplicate facility id '" + f.id() + "'");
            facilities.add(f);
        }
        List<WarningConfig> warnings = new ArrayList<>();
        Set<String> wpoints = new HashSet<>();
        List<JsonNode> wNodes = list(root, "", "warnings");
        for (int i = 0; i < wNodes.size(); i++) {
            WarningConfig w = warning(wNodes.get(i), "warnings[" + i + "]", fids);
            if (!wpoints.add(w.point())) throw new DetectionConfigException("warnings[" + i + "].point", "duplicate warning for point '" + w.point() + "'");
            warnings.add(w);
        }
        SummaryConfig summaries = SummaryConfig.DEFAULT;
        if (present(root, "summaries")) {
            JsonNode s = root.get("summaries");
            object(s, "summaries", SUMMARY_KEYS);
            Set<String> counters = new LinkedHashSet<>();
            List<JsonNode> c = list(s, "summaries", "counters");
            for (int i = 0; i < c.size(); i++) counters.add(pointId(c.get(i), "summaries.counters[" + i + "]"));
            summaries = new SummaryConfig(bool(s, "summaries", "minute", SummaryConfig.DEFAULT.minute()),
                    bool(s, "summaries", "hour", SummaryConfig.DEFAULT.hour()), bool(s, "summaries", "ledger", SummaryConfig.DEFAULT.ledger()), counters,
                    duration(s, "summaries", "grace", Settings.SUMMARIES_GRACE.defaultValue(), true));
        }
        return new DetectionConfig(equipment, facilities, warnings, zone, summaries);
    }

    private static EquipmentConfig equipment(JsonNode n, String path) throws DetectionConfigException {
        object(n, path, EQUIPMENT_KEYS);
        String id = name(n, path, "id");
        String template = text(n, path, "template", false);
        EquipmentConfig.Role role = EquipmentConfig.Role.TREATMENT;
        Rule running = null;
        Rule abnormal = null;
        if (template != null) {
            EquipmentTemplates.Template t = EquipmentTemplates.get(template);
            if (t == null) throw new DetectionConfigException(path + ".template", "unknown template '" + template
                    + "' (known templates: " + String.join(", ", EquipmentTemplates.NAMES) + ")");
            // the shipped defaults, parsed like site rules (a broken template file fails here, at load)
            JsonNode defaults = EquipmentTemplates.rules(t, id);
            if (t.role() != null) role = EquipmentConfig.Role.valueOf(t.role().toUpperCase(Locale.ROOT));
            if (present(defaults, "running")) running = rule(defaults.get("running"), path + ".template");
            if (present(defaults, "abnormal")) abnormal = rule(defaults.get("abnormal"), path + ".template");
        }
        String r = text(n, path, "role", false);
        if (r != null) {
            try {
                role = EquipmentConfig.Role.valueOf(r.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DetectionConfigException(path + ".role", "unknown role '" + r + "' (known roles: treatment, production)");
            }
        }
        if (present(n, "rules")) {
            JsonNode rules = n.get("rules");
            object(rules, path + ".rules", RULES_KEYS);
            if (present(rules, "running")) running = rule(rules.get("running"), path + ".rules.running");
            if (present(rules, "abnormal")) abnormal = rule(rules.get("abnormal"), path + ".rules.abnormal");
        }
        if (running == null) throw new DetectionConfigException(path + ".rules.running",
                "missing: equipment without a template needs a running rule, e.g. {point: " + id + ".run, equals: 1}");
        List<String> members = null;
        if (present(n, "points")) {
            members = new ArrayList<>();
            List<JsonNode> m = list(n, path, "points");
            for (int i = 0; i < m.size(); i++) members.add(pointId(m.get(i), path + ".points[" + i + "]"));
        }
        return new EquipmentConfig(id, template, role, duration(n, path, "debounce", EquipmentConfig.DEFAULT_DEBOUNCE, true),
                duration(n, path, "offlineAfter", EquipmentConfig.DEFAULT_OFFLINE_AFTER, false), running, abnormal, members);
    }

    private static Rule rule(JsonNode n, String path) throws DetectionConfigException {
        if (n == null || !n.isObject()) throw new DetectionConfigException(path,
                "wrong type: expected a condition {point: ..., above|below|equals: ...} or {any: [...]} / {all: [...]}");
        if (n.has("any") || n.has("all")) {
            String key = n.has("any") ? "any" : "all";
            if (n.size() != 1) throw new DetectionConfigException(path, "'" + key + "' must be the only key of its rule");
            List<JsonNode> items = list(n, path, key);
            List<Rule> rules = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) rules.add(rule(items.get(i), path + "." + key + "[" + i + "]"));
            return key.equals("any") ? new Rule.Any(rules) : new Rule.All(rules);
        }
        object(n, path, CONDITION_KEYS);
        String point = pointId(required(n, path, "point"), path + ".point");
        Rule.Op op = null;
        double threshold = 0;
        for (String k : List.of("above", "below", "equals")) {
            if (!present(n, k)) continue;
            if (op != null) throw new DetectionConfigException(path + "." + k, "a condition takes exactly one of above, below, equals");
            op = Rule.Op.valueOf(k.toUpperCase(Locale.ROOT));
            threshold = number(n, path, k);
        }
        if (op == null) throw new DetectionConfigException(path, "missing: one of above, below, equals");
        double h = present(n, "hysteresis") ? number(n, path, "hysteresis") : 0;
        if (h < 0) throw new DetectionConfigException(path + ".hysteresis", "must be >= 0");
        if (h != 0 && op == Rule.Op.EQUALS) throw new DetectionConfigException(path + ".hysteresis", "not allowed with equals");
        return new Rule.Condition(point, op, threshold, h);
    }

    private static FacilityConfig facility(JsonNode n, String path, Set<String> equipmentIds) throws DetectionConfigException {
        object(n, path, FACILITY_KEYS);
        String id = name(n, path, "id");
        List<String> eq = idList(n, path, "equipment", equipmentIds);
        if (eq.isEmpty()) throw new DetectionConfigException(path + ".equipment", "missing: list the treatment equipment of the facility");
        List<String> prod = idList(n, path, "production", equipmentIds);
        for (String p : prod) if (eq.contains(p)) throw new DetectionConfigException(path + ".production", "'" + p + "' is also listed as treatment equipment");
        return new FacilityConfig(id, eq, prod, duration(n, path, "grace", FacilityConfig.DEFAULT_GRACE, true));
    }

    private static WarningConfig warning(JsonNode n, String path, Set<String> facilityIds) throws DetectionConfigException {
        object(n, path, WARNING_KEYS);
        String point = pointId(required(n, path, "point"), path + ".point");
        required(n, path, "limit");
        double limit = number(n, path, "limit");
        if (!(limit > 0)) throw new DetectionConfigException(path + ".limit", "must be > 0 (the permit limit)");
        Duration window = duration(n, path, "window", WarningConfig.DEFAULT_WINDOW, false);
        if (window.compareTo(Settings.WARNING_WINDOW.min()) < 0) throw new DetectionConfigException(path + ".window",
                "must be at least " + Durations.format(Settings.WARNING_WINDOW.min()));
        List<WarningConfig.Level> levels = new ArrayList<>();
        if (present(n, "levels")) {
            JsonNode l = n.get("levels");
            object(l, path + ".levels", LEVEL_KEYS);
            for (String k : LEVEL_KEYS) if (present(l, k)) {
                double f = number(l, path + ".levels", k);
                if (!(f > 0)) throw new DetectionConfigException(path + ".levels." + k, "must be > 0 (a fraction of the limit, e.g. 0.8)");
                levels.add(new WarningConfig.Level(k, f));
            }
            if (levels.isEmpty()) throw new DetectionConfigException(path + ".levels", "missing: warn and/or alarm");
            if (levels.size() == 2 && levels.get(0).fraction() >= levels.get(1).fraction())
                throw new DetectionConfigException(path + ".levels", "warn must be below alarm");
        } else {
            levels.add(new WarningConfig.Level("warn", Settings.WARNING_WARN.defaultValue()));
            levels.add(new WarningConfig.Level("alarm", Settings.WARNING_ALARM.defaultValue()));
        }
        double h = present(n, "hysteresis") ? number(n, path, "hysteresis") : WarningConfig.DEFAULT_HYSTERESIS;
        if (h < 0 || h >= levels.get(0).fraction()) throw new DetectionConfigException(path + ".hysteresis",
                "must be >= 0 and below the lowest level (a fraction of the limit, e.g. 0.05)");
        String facility = text(n, path, "facility", false);
        if (facility != null && !facilityIds.contains(facility))
            throw new DetectionConfigException(path + ".facility", "unknown facility '" + facility + "' (define it under facilities first)");
        double min = present(n, "minSamples") ? number(n, path, "minSamples") : Settings.WARNING_MIN_SAMPLES.defaultValue();
        if (min < 0 || min > 1) throw new DetectionConfigException(path + ".minSamples",
                "must be between 0 and 1 (the fraction of the window's expected samples, e.g. 0.5)");
        return new WarningConfig(point, limit, window, levels, h, facility, min);
    }

    // ---- small typed accessors -------------------------------------------------------------------------

    private static void object(JsonNode n, String path, List<String> known) throws DetectionConfigException {
        if (n == null || !n.isObject()) throw new DetectionConfigException(path, "wrong type: expected a mapping");
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) throw new DetectionConfigException(path, "unknown key '" + k + "' (known keys: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    private static boolean present(JsonNode n, String key) {
        return n.has(key) && !n.get(key).isNull();
    }

    private static JsonNode required(JsonNode n, String path, String key) throws DetectionConfigException {
        if (!present(n, key)) throw new DetectionConfigException(join(path, key), "missing");
        return n.get(key);
    }

    private static String text(JsonNode n, String path, String key, boolean req) throws DetectionConfigException {
        if (!present(n, key)) {
            if (req) throw new DetectionConfigException(join(path, key), "missing");
            return null;
        }
        JsonNode v = n.get(key);
        if (!v.isTextual()) throw new DetectionConfigException(join(path, key), "wrong type: expected a string");
        return v.asText();
    }

    private static String name(JsonNode n, String path, String key) throws DetectionConfigException {
        String s = text(n, path, key, true);
        if (!s.matches("[A-Za-z0-9_-]+")) throw new DetectionConfigException(join(path, key), "'" + s + "': use letters, digits, _ and -");
        return s;
    }

    private static String pointId(JsonNode v, String path) throws DetectionConfigException {
        if (!v.isTextual()) throw new DetectionConfigException(path, "wrong type: expected a point id \"device.point\"");
        String s = v.asText();
        if (!s.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_.-]+")) throw new DetectionConfigException(path, "'" + s + "' is not a point id; write device.point, e.g. fan1.freq");
        return s;
    }

    private static double number(JsonNode n, String path, String key) throws DetectionConfigException {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) throw new DetectionConfigException(join(path, key), "wrong type: expected a number");
        return v.asDouble();
    }

    private static boolean bool(JsonNode n, String path, String key, boolean dflt) throws DetectionConfigException {
        if (!present(n, key)) return dflt;
        if (!n.get(key).isBoolean()) throw new DetectionConfigException(join(path, key), "wrong type: expected true or false");
        return n.get(key).asBoolean();
    }

    private static Duration duration(JsonNode n, String path, String key, Duration dflt, boolean zeroOk) throws DetectionConfigException {
        if (!present(n, key)) return dflt;
        JsonNode v = n.get(key);
        if (!v.isTextual()) throw new DetectionConfigException(join(path, key), "wrong type: a duration needs a unit, e.g. 500ms, 1s, 5m");
        Duration d;
        try {
            d = Durations.parse(v.asText());
        } catch (IllegalArgumentException e) {
            throw new DetectionConfigException(join(path, key), e.getMessage());
        }
        if (!zeroOk && d.isZero()) throw new DetectionConfigException(join(path, key), "must be more than 0");
        return d;
    }

    private static List<JsonNode> list(JsonNode n, String path, String key) throws DetectionConfigException {
        if (!present(n, key)) return List.of();
        JsonNode v = n.get(key);
        if (!v.isArray()) throw new DetectionConfigException(join(path, key), "wrong type: expected a list");
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private static List<String> idList(JsonNode n, String path, String key, Set<String> known) throws DetectionConfigException {
        List<JsonNode> items = list(n, path, key);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = join(path, key) + "[" + i + "]";
            if (!items.get(i).isTextual()) throw new DetectionConfigException(p, "wrong type: expected an equipment id");
            String id = items.get(i).asText();
            if (!known.contains(id)) throw new DetectionConfigException(p, "unknown equipment '" + id + "' (define it under equipment first)");
            if (out.contains(id)) throw new DetectionConfigException(p, "'" + id + "' listed twice");
            out.add(id);
        }
        return out;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
