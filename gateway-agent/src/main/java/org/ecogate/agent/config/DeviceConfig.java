package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.util.List;

/**
 * One polled device. {@code template} names an equipment template (resources {@code /templates/NAME.yaml}) whose
 * points are used unless {@code points} overrides them by name. Transports: {@code modbus-tcp} (host, port),
 * {@code modbus-rtu-tcp} (RTU frames over TCP to a serial server: host, port), {@code modbus-rtu} (serial port
 * {@code serial} with baud/parity/dataBits/stopBits), {@code coap} ({@code uri}, {@code observe}, {@code payload},
 * optional DTLS PSK). Devices sharing one connection (same host:port or serial port) are polled in turn by one
 * poller; {@code pause} is the quiet time between two requests on that connection.
 */
public record DeviceConfig(
        String id,
        String template,
        String transport,
        String host,
        Integer port,
        Integer unit,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration interval,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration timeout,
        Integer retries,
        Integer maxRegisters,
        Integer maxBits,
        Integer maxGap,
        String order,
        List<PointConfig> points,
        String serial,
        Integer baud,
        String parity,
        Integer dataBits,
        Integer stopBits,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration pause,
        Integer offlineAfter,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration probe,
        String uri,
        Boolean observe,
        String payload,
        String pskIdentity,
        String pskKey) {

    public boolean isModbus() {
        return transport != null && transport.startsWith("modbus");
    }

    /** The connection this device is reached over: devices with the same key share one connection and poller. */
    public String connectionKey() {
        return switch (transport) {
            case "modbus-rtu" -> "serial:" + serial;
            case "coap" -> "coap:" + id;
            default -> transport + ":" + host + ":" + port;
        };
    }

    /** "host:port unit 3", "/dev/ttyUSB0 unit 3" or the URI, for log lines. */
    public String where() {
        return switch (transport) {
            case "modbus-rtu" -> serial + " unit " + unit;
            case "coap" -> uri;
            default -> host + ":" + port + " unit " + unit;
        };
    }

    /** A copy of this device config with other points (tests, the CLI). */
    public DeviceConfig withPoints(List<PointConfig> ps) {
        return new DeviceConfig(id, template, transport, host, port, unit, interval, timeout, retries, maxRegisters,
                maxBits, maxGap, order, ps, serial, baud, parity, dataBits, stopBits, pause, offlineAfter, probe, uri,
                observe, payload, pskIdentity, pskKey);
    }
}
