package org.ecogate.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * One polled device, validated: how it is reached ({@link Transport}, one record per transport) and how it is
 * polled. {@code template} names the equipment template its points came from (resources
 * {@code /templates/NAME.yaml}). Devices sharing one connection (same host:port or serial port) are polled in turn
 * by one poller; {@code pause} is the quiet time between two requests on that connection. Immutable.
 */
public record DeviceConfig(
        String id,
        String template,
        Transport transport,
        Integer unit,
        Duration interval,
        Duration timeout,
        Integer retries,
        Integer maxRegisters,
        Integer maxBits,
        Integer maxGap,
        String order,
        List<PointConfig> points,
        Duration pause,
        Integer offlineAfter,
        Duration probe) {

    public boolean isModbus() {
        return !(transport instanceof Transport.Coap);
    }

    /** The connection this device is reached over: devices with the same key share one connection and poller. */
    public String connectionKey() {
        return transport.connectionKey(id);
    }

    /** "host:port unit 3", "/dev/ttyUSB0 unit 3" or the URI, for log lines. */
    public String where() {
        return transport.where(unit);
    }
}
