package org.ecogate.sim.plant;

import java.io.IOException;
import java.util.Random;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated device of a {@link Plant}: a register bank, the Modbus server serving it, and the model that
 * moves its values. It has a run state ({@link #stop()}, {@link #start()}) and a communication state
 * ({@link #silence()}, {@link #resume()}).
 *
 * <p>Thread-safe. Trap: a stopped device still answers Modbus requests, with its run bit 0 and its values
 * decaying towards their stopped levels; only a silenced device stops answering.
 */
public final class SimDevice {

    private static final Logger LOG = LoggerFactory.getLogger(SimDevice.class);
    private static final int REGISTERS_PER_TABLE = 64;

    private final DeviceSpec spec;
    private final DeviceModel model;
    private final RegisterBank bank = new RegisterBank(REGISTERS_PER_TABLE);
    private final ModbusTcpServer server;
    private volatile boolean running = true;

    SimDevice(DeviceSpec spec, String host, long seed) {
        this.spec = spec;
        this.model = DeviceModel.of(spec.deviceType(), new Random(seed * 31 + spec.id().hashCode()));
        this.server = new ModbusTcpServer(spec.id(), host, spec.port(), bank);
        step(0, 0); // registers hold steady-state values before the first client connects
    }

    void startServer() throws IOException {
        server.start();
    }

    void closeServer() {
        server.close();
    }

    /** Advances the model to plant time {@code t} by {@code dt} seconds (called by the plant's scheduler). */
    void step(double t, double dt) {
        bank.atomically(() -> {
            boolean run = running;
            model.step(t, dt, run, bank);
            writeRunState(run);
        });
    }

    private void writeRunState(boolean run) {
        bank.atomically(() -> {
            bank.setBool(Table.COIL, 0, run);
            bank.setBool(Table.DISCRETE_INPUT, 0, run);
            if (model.runRegister() >= 0) {
                bank.setBit(Table.HOLDING, model.runRegister(), 0, run);
            }
        });
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
        return server.port();
    }

    /** The device's registers; writes by a test are overwritten by the model on its next step. */
    public RegisterBank bank() {
        return bank;
    }

    /** Whether the device runs (run bit 1). */
    public boolean running() {
        return running;
    }

    /** Whether the device's Modbus server is silenced. */
    public boolean silent() {
        return server.isSilent();
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

    /** Sets the delay before each Modbus response, in milliseconds (0 = none). */
    public void setResponseDelayMs(int delayMs) {
        server.setDelayMs(delayMs);
    }

    /** Applies one of {@link ScenarioStep#ACTIONS}; logs one line {@code plant: PREFIXid action} on a change. */
    void perform(String action, String logPrefix) {
        boolean changed;
        synchronized (this) {
            switch (action) {
                case "stop", "start" -> {
                    boolean run = action.equals("start");
                    changed = running != run;
                    running = run;
                    writeRunState(run);
                }
                case "silence", "resume" -> {
                    boolean silent = action.equals("silence");
                    changed = server.isSilent() != silent;
                    server.setSilent(silent);
                }
                default -> throw new IllegalArgumentException("device '" + id() + "': unknown action '" + action
                        + "' (known: " + String.join(", ", ScenarioStep.ACTIONS) + ")");
            }
        }
        if (changed) {
            LOG.info("plant: {}{} {}", logPrefix, id(), action);
        } else {
            LOG.debug("plant: {}{} {} (no change)", logPrefix, id(), action);
        }
    }

    @Override
    public String toString() {
        return id() + " (" + type() + ")";
    }
}
