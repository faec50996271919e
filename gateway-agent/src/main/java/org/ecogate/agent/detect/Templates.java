package org.ecogate.agent.detect;

import java.util.List;

/**
 * Default rules per equipment template; point ids are derived from the equipment id ({@code <id>.freq}, ...).
 * Every threshold can be overridden per site under {@code rules}. Stateless.
 */
final class Templates {
    record Defaults(EquipmentConfig.Role role, Rule running, Rule abnormal) {}

    static final List<String> NAMES = List.of("fan", "condenser", "esp", "meter", "analyser");

    private Templates() {}

    static Defaults of(String template, String id) {
        return switch (template) {
            // induced-draft fan with VFD: running while the drive outputs more than 5 Hz
            case "fan" -> new Defaults(EquipmentConfig.Role.TREATMENT, above(id + ".freq", 5, 1), null);
            // condenser: compressor drawing current; abnormal when the outlet is not cold (above 20 °C)
            case "condenser" -> new Defaults(EquipmentConfig.Role.TREATMENT, above(id + ".current", 5, 1),
                    above(id + ".outlet_temp", 20, 2));
            // ESP: energised above 10 kV; abnormal when the secondary voltage is under its 40 kV floor
            // or the spark rate over its 60/min ceiling
            case "esp" -> new Defaults(EquipmentConfig.Role.TREATMENT, above(id + ".kv", 10, 2),
                    new Rule.Any(List.of(below(id + ".kv", 40, 2), above(id + ".spark_rate", 60, 5))));
            // production meter: producing above 50 kW (a stopped line still draws a few kW)
            case "meter" -> new Defaults(EquipmentConfig.Role.PRODUCTION, above(id + ".kw", 50, 10), null);
            // CEMS analyser: status code 0 = measuring; anything else (maintenance, calibration, fault) = not measuring
            case "analyser" -> new Defaults(EquipmentConfig.Role.TREATMENT,
                    new Rule.Condition(id + ".status", Rule.Op.EQUALS, 0, 0), null);
            default -> null;
        };
    }

    private static Rule above(String point, double t, double h) { return new Rule.Condition(point, Rule.Op.ABOVE, t, h); }
    private static Rule below(String point, double t, double h) { return new Rule.Condition(point, Rule.Op.BELOW, t, h); }
}
