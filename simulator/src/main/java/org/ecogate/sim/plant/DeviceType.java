package org.ecogate.sim.plant;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of simulated device, by the name used in plant configuration files. */
public enum DeviceType {
    /** Induced-draft fan with a variable-frequency drive. */
    FAN("fan"),
    /** Refrigeration condenser (compressor current, outlet temperature). */
    CONDENSER("condenser"),
    /** Electrostatic precipitator (secondary voltage and current, spark rate). */
    ESP("esp"),
    /** Production-line power meter (power, energy counter). */
    METER("meter"),
    /** Stack gas analyser, CEMS-like (VOC, flow, O2, status) in input registers. */
    ANALYSER("analyser");

    private final String configName;

    DeviceType(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration files, e.g. {@code fan}. */
    public String configName() {
        return configName;
    }

    /** The known names, comma-separated, for error messages. */
    public static String knownNames() {
        return Arrays.stream(values()).map(DeviceType::configName).collect(Collectors.joining(", "));
    }

    /** The type named {@code name} in a configuration file. */
    public static DeviceType of(String name) {
        for (DeviceType t : values()) {
            if (t.configName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown device type '" + name + "' (known: " + knownNames() + ")");
    }

    @Override
    public String toString() {
        return configName;
    }
}
