package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.acquisition.coap.CoapSource;
import org.ecogate.agent.acquisition.modbus.ModbusSource;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.Transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Creates the {@link Source}s for configured devices: the one place that knows every transport. */
public final class Sources {
    private Sources() {}

    /** A source and the period its poller runs at (the shortest interval of its devices). */
    public record Polled(Source source, Duration interval) {}

    /** One source per connection: devices sharing host:port (or a serial port) are polled in turn by one poller. */
    public static List<Polled> createAll(List<DeviceConfig> devices) {
        Map<String, List<DeviceConfig>> byConnection = new LinkedHashMap<>();
        for (DeviceConfig d : devices) byConnection.computeIfAbsent(d.connectionKey(), k -> new ArrayList<>()).add(d);
        List<Polled> out = new ArrayList<>();
        for (List<DeviceConfig> group : byConnection.values()) {
            Duration period = group.stream().map(DeviceConfig::interval).min(Duration::compareTo).orElseThrow();
            out.add(new Polled(source(group), period));
        }
        return out;
    }

    /** The source of one connection's devices (see {@link #createAll}). */
    public static Polled create(List<DeviceConfig> group) {
        return new Polled(source(group), group.stream().map(DeviceConfig::interval).min(Duration::compareTo).orElseThrow());
    }

    private static Source source(List<DeviceConfig> group) {
        DeviceConfig d = group.get(0);
        if (d.transport() instanceof Transport.Coap) return CoapSource.create(d);
        return ModbusSource.create(group); // ModbusTcp, ModbusRtuTcp, ModbusRtu: the sealed Transport has no other kind
    }
}
