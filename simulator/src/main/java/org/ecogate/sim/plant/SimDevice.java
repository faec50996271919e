package org.ecogate.sim.plant;

import java.io.IOException;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device of a {@link Plant}: a {@link DeviceCore} (registers, model, states) and the Modbus
 * server serving its registers. It has a run state ({@link #stop()}, {@link #start()}), a communication state
 * ({@link #silence()}, {@link #resume()}) and abnormal values ({@link #abnormal()}, {@link #normal()}).
 *
 * <p>Thread-safe. Trap: a stopped device still answers Modbus requests, with its run bit 0 and its values
 * decaying towards their stopped levels; only a silenced device stops answering.
 */
public final class SimDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimDevice.class);

    private final DeviceSpec spec;
    private final DeviceCore core;
    private final ModbusTcpServer server; // null for a device on a shared RTU bus
    private org.ecogate.sim.rtu.RtuServer bus;
    private int busPort;
    private org.ecogate.sim.modbus.Fault fault = org.ecogate.sim.modbus.Fault.NONE;

    SimDevice(DeviceSpec spec, String host, long seed) {
        this.spec = spec;
        this.core = new DeviceCore(spec, seed); // registers hold steady-state values before a client connects
        this.server = spec.onBus() ? null : new ModbusTcpServer(spec.id(), host, spec.port(), core.bank());
    }

    void startServer() throws IOException {
        if (server != null) server.start();
    }

    void closeServer() {
        if (server != null) server.close();
    }

    /** Attaches a device of a shared bus to the bus's server (its unit answers there). */
    void attach(org.ecogate.sim.rtu.RtuServer bus, int port) {
        this.bus = bus;
        this.busPort = port;
    }

    DeviceSpec spec() {
        return spec;
    }

    org.ecogate.sim.modbus.RegisterBank registers() {
        return core.bank();
    }

    /** Advances the model to plant time {@code t} by {@code dt} seconds (called by the plant's scheduler). */
    void step(double t, double dt) {
        core.step(t, dt);
    }

    /** The device id from the config, e.g. {@code fan1}. */
    public String id() {
        return spec.id();
    }

    /** The device type name from the config, e.g. {@code fan}. */
    public String type() {
        return spec.type();
    }

    /** The unit id the device is announced with (the server answers any unit id). */
    public int unit() {
        return spec.unit();
    }

    /** The TCP port the device's Modbus server listens on. */
    public int port() {
        return server != null ? server.port() : busPort;
    }

    /** The device's registers; writes by a test are overwritten by the model on its next step. */
    public RegisterBank bank() {
        return core.bank();
    }

    /** Whether the device runs (run bit 1). */
    public boolean running() {
        return core.running();
    }

    /** Whether the device's Modbus server is silenced. */
    public boolean silent() {
        return server != null ? server.isSilent() : core.silent();
    }

    /** Whether the device's values are abnormal. */
    public boolean isAbnormal() {
        return core.abnormal();
    }

    /** Stops the device: run bit 0 at once, values decay towards their stopped levels. */
    public void stop() {
        perform("stop", "");
    }

    /** Starts the device: run bit 1 at once, values ramp back up to their running levels. */
    public void start() {
        perform("start", "");
    }

    /** The device stops answering Modbus requests (connections stay open). */
    public void silence() {
        perform("silence", "");
    }

    /** The device answers Modbus requests again. */
    public void resume() {
        perform("resume", "");
    }

    /** The device keeps running but its values go abnormal (see {@code DEVICES.md}). */
    public void abnormal() {
        perform("abnormal", "");
    }

    /** The device's values return to normal. */
    public void normal() {
        perform("normal", "");
    }

    /** Injects {@code fault} into this device's Modbus answers ({@link org.ecogate.sim.modbus.Fault#NONE} heals). */
    public void setFault(org.ecogate.sim.modbus.Fault fault) {
        synchronized (this) {
            this.fault = fault;
            if (server != null) server.setFault(fault);
            else if (bus != null) bus.setFault(spec.unit(), fault);
        }
        LOG.info("plant: {} fault {}", id(), fault.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + (fault.kind() == org.ecogate.sim.modbus.Fault.Kind.EXCEPTION ? " " + fault.code() : ""));
    }

    /** The fault injected into this device's answers. */
    public synchronized org.ecogate.sim.modbus.Fault fault() {
        return fault;
    }

    /** Sets the delay before each Modbus response, in milliseconds (0 = none). */
    public void setResponseDelayMs(int delayMs) {
        if (server != null) server.setDelayMs(delayMs);
    }

    /** Applies an action without parameters; logs one line {@code plant: PREFIXid action} on a change. */
    void perform(String action, String logPrefix) {
        perform(action, Double.NaN, Double.NaN, logPrefix);
    }

    /**
     * Applies an action (see {@link DeviceCore#apply}) with its {@code value} and {@code rampS} (model seconds,
     * NaN when absent); logs one line {@code plant: PREFIXid action} on a change.
     */
    void perform(String action, double value, double rampS, String logPrefix) {
        boolean changed;
        synchronized (this) {
            changed = core.apply(action, value, rampS);
            if (server != null) server.setSilent(core.silent());
            else if (bus != null) bus.setSilent(spec.unit(), core.silent());
        }
        String shown = Double.isNaN(value) ? action : action + " " + value;
        if (changed) {
            LOG.info("plant: {}{} {}", logPrefix, id(), shown);
        } else {
            LOG.debug("plant: {}{} {} (no change)", logPrefix, id(), shown);
        }
    }

    @Override
    public String toString() {
        return id() + " (" + type() + ")";
    }
}
