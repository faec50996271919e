package org.ecogate.agent.config;

/**
 * How a device is reached: one record per transport, with only that transport's settings, validated by the loader.
 * Immutable. The acquisition package of each transport turns its records into a connection ({@code modbus/}:
 * {@link ModbusTcp}, {@link ModbusRtuTcp}, {@link ModbusRtu}; {@code coap/}: {@link Coap}). Trap: a new transport
 * is a new record here plus a case in the loader and in runtime's Sources; nothing compares transport names.
 */
public sealed interface Transport permits Transport.ModbusTcp, Transport.ModbusRtuTcp, Transport.ModbusRtu, Transport.Coap {
    /** The name written in the config ({@code transport: modbus-rtu}). */
    String name();

    /** Devices with equal keys share one connection and one poller. */
    String connectionKey(String deviceId);

    /** Where the device is, for log lines: "host:port unit 3", "/dev/ttyUSB0 unit 3", the URI. */
    String where(int unit);

    /** Modbus TCP to {@code host:port}. */
    record ModbusTcp(String host, int port) implements Transport {
        public String name() { return "modbus-tcp"; }
        public String connectionKey(String deviceId) { return name() + ":" + host + ":" + port; }
        public String where(int unit) { return host + ":" + port + " unit " + unit; }
    }

    /** Modbus RTU frames over TCP to a serial-to-Ethernet server at {@code host:port}. */
    record ModbusRtuTcp(String host, int port) implements Transport {
        public String name() { return "modbus-rtu-tcp"; }
        public String connectionKey(String deviceId) { return name() + ":" + host + ":" + port; }
        public String where(int unit) { return host + ":" + port + " unit " + unit; }
    }

    /** Modbus RTU on a serial port; every device on one port must use the same line settings. */
    record ModbusRtu(String serial, int baud, String parity, int dataBits, int stopBits) implements Transport {
        public String name() { return "modbus-rtu"; }
        public String connectionKey(String deviceId) { return "serial:" + serial; }
        public String where(int unit) { return serial + " unit " + unit; }
    }

    /** A CoAP resource ({@code coaps://} with a DTLS pre-shared key), polled or observed; {@code payload} json, number or cbor. */
    record Coap(String uri, boolean observe, String payload, String pskIdentity, String pskKey) implements Transport {
        public String name() { return "coap"; }
        public String connectionKey(String deviceId) { return "coap:" + deviceId; }
        public String where(int unit) { return uri; }

        @Override
        public String toString() {
            return "Coap[uri=" + uri + ", observe=" + observe + ", payload=" + payload + ", pskIdentity=" + pskIdentity
                    + ", pskKey=" + (pskKey == null ? "none" : "***") + "]";
        }
    }
}
