package org.ecogate.sim.plant;

/**
 * One simulated device in a plant configuration: its id, its type (see {@link DeviceType}), the TCP port to
 * listen on (0 = a free port) and its Modbus unit id (the server answers any unit id; this is the one the
 * device is announced with). With {@code bus} set, the device answers as {@code unit} on that shared RTU bus instead.
 */
public record DeviceSpec(String id, String type, int port, int unit, String bus) {

    /** A device with its own Modbus TCP server. */
    public DeviceSpec(String id, String type, int port, int unit) {
        this(id, type, port, unit, null);
    }

    /** Whether the device answers on a shared RTU bus (see {@code PlantConfig}'s {@code buses}) instead of its own server. */
    public boolean onBus() {
        return bus != null;
    }

    /** Checks the arguments; config files are checked by {@link PlantConfig} with messages naming the field. */
    public DeviceSpec {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("device id must not be empty");
        }
        DeviceType.of(type); // throws for an unknown type
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("device '" + id + "': port must be 0..65535, got " + port);
        }
        if (unit < 0 || unit > 255) {
            throw new IllegalArgumentException("device '" + id + "': unit must be 0..255, got " + unit);
        }
    }

    /** The parsed device type. */
    public DeviceType deviceType() {
        return DeviceType.of(type);
    }
}
