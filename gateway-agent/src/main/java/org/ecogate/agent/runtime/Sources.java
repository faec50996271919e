package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.acquisition.modbus.ModbusTcpSource;
import org.ecogate.agent.config.DeviceConfig;

/** Creates the {@link Source} for a configured device: the one place that knows every transport. */
final class Sources {
    private Sources() {}

    static Source create(DeviceConfig d) {
        return switch (d.transport()) {
            case "modbus-tcp" -> ModbusTcpSource.create(d);
            default -> throw new IllegalArgumentException("device \"" + d.id() + "\": unknown transport " + d.transport());
        };
    }
}
