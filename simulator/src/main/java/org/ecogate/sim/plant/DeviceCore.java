package org.ecogate.sim.plant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;

/**
 * The network-free heart of one simulated device: its registers, its {@link DeviceModel} and its states (run,
 * silenced, abnormal, flap). The live {@link SimDevice} serves it over Modbus TCP on the wall clock; the offline
 * day renderer drives it with a simulated clock and reads its {@link #points()}. Both use the same models, so a
 * rendered day looks like a live one.
 *
 * <p>Thread-safe: state changes and model steps are serialised on the register bank's lock. Trap: time is
 * whatever the caller passes to {@link #step}; the core reads no clock, and a silenced core still steps (only its
 * server, or the renderer's output, hides the values).
 */
public final class DeviceCore {

    /** One named value of a device as read from its registers, e.g. {@code freq} of a fan. */
    public record Point(String name, int decimals, ToDoubleFunction<RegisterBank> reader) {
    }

    private static final int REGISTERS_PER_TABLE = 64;

    private final DeviceSpec spec;
    private final DeviceModel model;
    private final RegisterBank bank = new RegisterBank(REGISTERS_PER_TABLE);
    private final List<Point> points;
    private volatile boolean running = true;
    private volatile boolean silent;
    private volatile boolean abnormal;
    /** Run state remembered at the start of a flap, or null when no flap is on. */
    private Boolean runBeforeFlap;

    /** A running, answering, normal device in its steady state; {@code seed} is the plant's seed. */
    public DeviceCore(DeviceSpec spec, long seed) {
        this.spec = spec;
        this.model = DeviceModel.of(spec.deviceType(), new Random(seed * 31 + spec.id().hashCode()));
        this.points = pointsOf(spec.deviceType());
        step(0, 0); // registers hold steady-state values from the start
    }

    /** The device's configuration. */
    public DeviceSpec spec() {
        return spec;
    }

    /** The device's registers. */
    public RegisterBank bank() {
        return bank;
    }

    /** Whether the device runs. */
    public boolean running() {
        return running;
    }

    /** Whether the device is silenced (answers no Modbus request; its readings are comm faults). */
    public boolean silent() {
        return silent;
    }

    /** Whether the device's values are abnormal. */
    public boolean abnormal() {
        return abnormal;
    }

    /** Advances the model to time {@code t} by {@code dt} seconds and writes the registers. */
    public void step(double t, double dt) {
        bank.atomically(() -> {
            boolean run = running;
            model.step(t, dt, run, bank);
            writeRunState(run);
        });
    }

    /**
     * Applies a scenario action: one of {@link ScenarioStep#ACTIONS} (except {@code flap}, which a
     * {@link ScenarioTimeline} expands) or one of the timeline's primitives ({@code flap_begin}, {@code toggle},
     * {@code flap_end}). {@code value} and {@code rampS} are NaN when absent; {@code rampS} is in model seconds.
     *
     * @return whether a state changed (false for e.g. a stop of a stopped device)
     */
    public boolean apply(String action, double value, double rampS) {
        boolean[] changed = new boolean[1];
        bank.atomically(() -> changed[0] = applyLocked(action, value, rampS));
        return changed[0];
    }

    private boolean applyLocked(String action, double value, double rampS) {
        switch (action) {
            case "stop", "start" -> {
                return setRunning(action.equals("start"));
            }
            case "silence", "resume" -> {
                boolean s = action.equals("silence");
                boolean changed = silent != s;
                silent = s;
                return changed;
            }
            case "abnormal", "normal" -> {
                boolean on = action.equals("abnormal");
                boolean changed = abnormal != on || !Double.isNaN(value);
                abnormal = on;
                model.setAbnormal(on, value, rampS);
                return changed;
            }
            case "set" -> {
                model.setLevel(value, rampS);
                return true;
            }
            case ScenarioTimeline.FLAP_BEGIN -> {
                if (runBeforeFlap == null) {
                    runBeforeFlap = running;
                }
                return setRunning(!running);
            }
            case ScenarioTimeline.TOGGLE -> {
                return setRunning(!running);
            }
            case ScenarioTimeline.FLAP_END -> {
                boolean restore = runBeforeFlap == null ? running : runBeforeFlap;
                runBeforeFlap = null;
                return setRunning(restore);
            }
            default -> throw new IllegalArgumentException("device '" + spec.id() + "': unknown action '" + action
                    + "' (known: " + String.join(", ", ScenarioStep.ACTIONS) + ")");
        }
    }

    private boolean setRunning(boolean run) {
        boolean changed = running != run;
        running = run;
        writeRunState(run);
        return changed;
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

    /** The device's points, in a fixed order per type (see {@code DEVICES.md}). */
    public List<Point> points() {
        return points;
    }

    /** The current value of every point, by point name, in {@link #points()} order. */
    public Map<String, Double> read() {
        Map<String, Double> values = new LinkedHashMap<>();
        bank.atomically(() -> {
            for (Point p : points) {
                values.put(p.name(), p.reader().applyAsDouble(bank));
            }
        });
        return values;
    }

    /** The points of a device of type {@code type}, read from its register map. */
    public static List<Point> pointsOf(DeviceType type) {
        List<Point> p = new ArrayList<>();
        switch (type) {
            case FAN -> {
                p.add(new Point("freq", 2, b -> b.getFloat32(Table.HOLDING, 0)));
                p.add(new Point("current", 2, b -> b.getFloat32(Table.HOLDING, 2)));
                p.add(new Point("run", 0, b -> b.getBit(Table.HOLDING, 4, 0) ? 1 : 0));
            }
            case CONDENSER -> {
                p.add(new Point("current", 2, b -> b.getFloat32(Table.HOLDING, 0)));
                p.add(new Point("outlet_temp", 2, b -> b.getFloat32(Table.HOLDING, 2)));
                p.add(new Point("run", 0, b -> b.getBit(Table.HOLDING, 4, 0) ? 1 : 0));
            }
            case ESP -> {
                p.add(new Point("kv", 2, b -> b.getFloat32(Table.HOLDING, 0)));
                p.add(new Point("ma", 1, b -> b.getFloat32(Table.HOLDING, 2)));
                p.add(new Point("spark_rate", 0, b -> b.getUint16(Table.HOLDING, 4)));
                p.add(new Point("run", 0, b -> b.getBit(Table.HOLDING, 5, 0) ? 1 : 0));
            }
            case METER -> {
                p.add(new Point("kw", 2, b -> b.getFloat32(Table.HOLDING, 0)));
                p.add(new Point("kwh", 1, b -> b.getUint32(Table.HOLDING, 2) / 10.0));
                p.add(new Point("run", 0, b -> b.getBit(Table.HOLDING, 4, 0) ? 1 : 0));
            }
            case ANALYSER -> {
                p.add(new Point("voc", 2, b -> b.getFloat32(Table.INPUT, 0)));
                p.add(new Point("flow", 0, b -> b.getFloat32(Table.INPUT, 2)));
                p.add(new Point("o2", 2, b -> b.getFloat32(Table.INPUT, 4)));
                p.add(new Point("status", 0, b -> b.getUint16(Table.INPUT, 6)));
            }
            default -> throw new IllegalArgumentException("no points for " + type);
        }
        return List.copyOf(p);
    }
}
