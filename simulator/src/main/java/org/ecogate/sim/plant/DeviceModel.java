package org.ecogate.sim.plant;

import java.util.Random;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;

/**
 * The physics of one simulated device type: given the time, the run state and the abnormal flag, moves its
 * values and writes them into the device's registers. Values follow their targets with a first-order lag or a
 * ramp, drift slowly (sines over minutes) and carry a little Gaussian noise.
 *
 * <p>Time is injected: {@link #step} gets the time {@code t} and the step {@code dt} in seconds, so the live
 * plant drives it with the wall clock and the day renderer with a simulated clock. The model reads no clock.
 *
 * <p>Not thread-safe: its {@link DeviceCore} serialises calls. Trap: {@link #step} must only write the
 * registers of the documented map (see {@code DEVICES.md}); the run mirrors are written by {@link DeviceCore}.
 */
abstract class DeviceModel {

    protected final Random random;
    /** A per-device phase (seconds) so that devices of one type do not drift in lockstep. */
    protected final double phase;

    DeviceModel(Random random) {
        this.random = random;
        this.phase = random.nextDouble() * 600;
    }

    /** The model for {@code type}, starting in the running steady state. */
    static DeviceModel of(DeviceType type, Random random) {
        return switch (type) {
            case FAN -> new Fan(random);
            case CONDENSER -> new Condenser(random);
            case ESP -> new Esp(random);
            case METER -> new Meter(random);
            case ANALYSER -> new Analyser(random);
        };
    }

    /** Whether the device's values are abnormal (see {@link #setAbnormal}); applies while it runs. */
    protected boolean abnormal;

    /** Advances the model by {@code dt} seconds to plant time {@code t} and writes the registers. */
    abstract void step(double t, double dt, boolean running, RegisterBank bank);

    /**
     * Makes the values abnormal (or normal again). {@code value} and {@code rampS} (NaN when absent) are used by
     * the analyser only: its VOC level while abnormal, and the seconds over which VOC moves there.
     */
    void setAbnormal(boolean on, double value, double rampS) {
        abnormal = on;
    }

    /** Sets the normal level of the device's main value over {@code rampS} seconds; analyser only (VOC). */
    void setLevel(double value, double rampS) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no settable level");
    }

    /** Holding register whose bit 0 is the run bit, or -1 if the type has none. */
    abstract int runRegister();

    /** First-order lag: moves {@code value} towards {@code target} with time constant {@code tau} seconds. */
    static double lag(double value, double target, double tau, double dt) {
        return target + (value - target) * Math.exp(-dt / tau);
    }

    /** Linear ramp: moves {@code value} towards {@code target} by at most {@code rate * dt}. */
    static double ramp(double value, double target, double rate, double dt) {
        double step = rate * dt;
        return Math.abs(target - value) <= step ? target : value + Math.signum(target - value) * step;
    }

    /** A slow sine of amplitude 1 and period {@code periodS} seconds. */
    double drift(double t, double periodS) {
        return Math.sin(2 * Math.PI * (t + phase) / periodS);
    }

    /** Gaussian noise with standard deviation {@code sigma}. */
    double noise(double sigma) {
        return random.nextGaussian() * sigma;
    }

    /** Induced-draft fan with VFD: hr0-1 Hz, hr2-3 A, hr4 bit0 run, hr5 rpm. */
    static final class Fan extends DeviceModel {
        /** Extra current coefficient while abnormal (e.g. a clogged filter or a worn bearing): ~140 A at ~49 Hz. */
        private static final double ABNORMAL_EXTRA = 57;
        private double hz = 49;
        private double extra;

        Fan(Random random) {
            super(random);
        }

        @Override
        void step(double t, double dt, boolean running, RegisterBank bank) {
            double target = running ? 49 + 0.6 * drift(t, 180) : 0;
            hz = ramp(hz, target, 5.0, dt); // VFD acceleration/deceleration ramp, 5 Hz/s
            double measuredHz = hz > 0.05 ? hz + noise(0.03) : 0;
            double load = (hz / 50) * (hz / 50); // fan law: torque ~ speed^2
            extra = lag(extra, abnormal ? ABNORMAL_EXTRA : 0, 5, dt);
            double amps = hz > 0.05 ? 4 + (86 + extra) * load + noise(0.4) * load : 0;
            bank.setFloat32(Table.HOLDING, 0, (float) Math.max(0, measuredHz));
            bank.setFloat32(Table.HOLDING, 2, (float) Math.max(0, amps));
            bank.setUint16(Table.HOLDING, 5, (int) Math.round(Math.max(0, hz) * 29.6));
        }

        @Override
        int runRegister() {
            return 4;
        }
    }

    /** Refrigeration condenser: hr0-1 compressor A, hr2-3 outlet °C, hr4 bit0 run. */
    static final class Condenser extends DeviceModel {
        private static final double AMBIENT_C = 30;
        private double amps = 32;
        private double tempC = 10;

        Condenser(Random random) {
            super(random);
        }

        @Override
        void step(double t, double dt, boolean running, RegisterBank bank) {
            // Abnormal (fouled coil, low refrigerant): the compressor works harder and the outlet runs warm.
            amps = lag(amps, running ? (abnormal ? 36 : 32) + 1.5 * drift(t, 240) : 0, 0.8, dt);
            // Thermal mass: pulled down to ~10 °C while running, warms towards ambient when stopped.
            double runningC = abnormal ? 27.5 + drift(t, 420) : 10 + 1.5 * drift(t, 420);
            tempC = lag(tempC, running ? runningC : AMBIENT_C, running ? 25 : 40, dt);
            double measuredAmps = amps > 0.1 ? amps + noise(0.25) * Math.min(1, amps / 32) : 0;
            bank.setFloat32(Table.HOLDING, 0, (float) Math.max(0, measuredAmps));
            bank.setFloat32(Table.HOLDING, 2, (float) (tempC + noise(0.05)));
        }

        @Override
        int runRegister() {
            return 4;
        }
    }

    /** Electrostatic precipitator: hr0-1 secondary kV, hr2-3 secondary mA, hr4 sparks/min, hr5 bit0 run. */
    static final class Esp extends DeviceModel {
        private double kv = 60;
        private double ma = 500;
        private double sparks = 15;

        Esp(Random random) {
            super(random);
        }

        @Override
        void step(double t, double dt, boolean running, RegisterBank bank) {
            // Abnormal (heavy sparking, e.g. a wet or overloaded field): the controller sets back the voltage.
            double kvTarget = abnormal ? 24 + 3 * drift(t, 300) : 60 + 4 * drift(t, 300);
            double maTarget = abnormal ? 300 + 40 * drift(t + 37, 200) : 500 + 80 * drift(t + 37, 200);
            double sparkTarget = abnormal ? 150 + 20 * drift(t, 150) : 17 + 10 * drift(t, 150);
            kv = lag(kv, running ? kvTarget : 0, 0.5, dt);
            ma = lag(ma, running ? maTarget : 0, 0.5, dt);
            sparks = lag(sparks, running ? sparkTarget + noise(2) : 0, 3, dt);
            double on = kv > 1 ? 1 : 0;
            bank.setFloat32(Table.HOLDING, 0, (float) Math.max(0, kv + on * noise(0.3)));
            bank.setFloat32(Table.HOLDING, 2, (float) Math.max(0, ma + on * noise(6)));
            double shownSparks = abnormal ? Math.min(200, Math.max(5, sparks)) : Math.min(30, Math.max(5, sparks));
            bank.setUint16(Table.HOLDING, 4, (int) Math.round(running ? shownSparks : 0));
        }

        @Override
        int runRegister() {
            return 5;
        }
    }

    /** Production-line meter: hr0-1 kW, hr2-3 uint32 energy in 0.1 kWh, hr4 bit0 run. */
    static final class Meter extends DeviceModel {
        private double kw = 400;
        private double kwh = 123_456.7;

        Meter(Random random) {
            super(random);
        }

        @Override
        void step(double t, double dt, boolean running, RegisterBank bank) {
            // Stopped, the line still draws ~5 kW (controls, lighting).
            // Abnormal: an overload, ~650 kW.
            double runningKw = (abnormal ? 650 : 400) + 35 * drift(t, 360) + 10 * drift(t, 47);
            kw = lag(kw, running ? runningKw : 5, 2, dt);
            double measured = Math.max(0, kw + noise(running ? 3 : 0.2));
            kwh += measured * dt / 3600; // never decreases: measured >= 0
            bank.setFloat32(Table.HOLDING, 0, (float) measured);
            bank.setUint32(Table.HOLDING, 2, (long) Math.floor(kwh * 10) & 0xFFFF_FFFFL);
        }

        @Override
        int runRegister() {
            return 4;
        }
    }

    /** Stack analyser: ir0-1 VOC mg/m3, ir2-3 flow m3/h, ir4-5 O2 %, ir6 status; mirrored to hr0-6. */
    static final class Analyser extends DeviceModel {
        /** Status word: 0 = measuring, 1 = not measuring (sample pump stopped). */
        static final int STATUS_OK = 0;
        static final int STATUS_STOPPED = 1;
        /** Normal VOC level (mg/m3) when nothing set another. */
        static final double DEFAULT_LEVEL = 40;
        private double voc = 40;
        private double excursion;
        private double flow = 52_000;
        private double o2 = 11;
        /** The normal VOC level ({@link #setLevel}). */
        private double level = DEFAULT_LEVEL;
        /** The VOC level while abnormal. */
        private double abnormalLevel = DEFAULT_LEVEL;
        /** The VOC base the value drifts around: ramps towards the level (or the abnormal level). */
        private double base = DEFAULT_LEVEL;
        /** Ramp rate of {@link #base} in mg/m3 per second; infinite = jump. */
        private double rate = Double.POSITIVE_INFINITY;

        Analyser(Random random) {
            super(random);
        }

        @Override
        void setAbnormal(boolean on, double value, double rampS) {
            abnormal = on;
            if (on && !Double.isNaN(value)) {
                abnormalLevel = value;
            }
            rampTo(on ? abnormalLevel : level, rampS);
        }

        @Override
        void setLevel(double value, double rampS) {
            level = value;
            if (!abnormal) {
                rampTo(level, rampS);
            }
        }

        private void rampTo(double goal, double rampS) {
            rate = Double.isNaN(rampS) || rampS <= 0 ? Double.POSITIVE_INFINITY : Math.abs(goal - base) / rampS;
        }

        @Override
        void step(double t, double dt, boolean running, RegisterBank bank) {
            double goal = abnormal ? abnormalLevel : level;
            base = Double.isInfinite(rate) ? goal : ramp(base, goal, rate, dt);
            // Drift and excursions scale with the level (as at the default 40 mg/m3: ±15, +20-50); none while
            // abnormal, where VOC holds the abnormal level.
            double scale = abnormal ? 0 : Math.min(base, DEFAULT_LEVEL) / DEFAULT_LEVEL;
            // Occasional excursions (about one every two minutes) that decay over ~10 s.
            if (running && random.nextDouble() < dt / 120) {
                excursion += (20 + random.nextDouble() * 30) * scale;
            }
            excursion = lag(excursion, 0, 10, dt);
            voc = lag(voc, running ? base + 15 * scale * drift(t, 600) : 0, running ? 5 : 3, dt);
            flow = lag(flow, running ? 52_000 + 3_000 * drift(t, 420) : 0, 4, dt);
            o2 = lag(o2, running ? 11 + 0.8 * drift(t, 500) : 20.9, 5, dt);
            double on = running ? 1 : 0;
            float vocOut = (float) Math.max(0, voc + excursion + on * noise(1.0));
            float flowOut = (float) Math.max(0, flow + on * noise(150));
            float o2Out = (float) Math.min(21, Math.max(0, o2 + on * noise(0.05)));
            int status = running ? STATUS_OK : STATUS_STOPPED;
            for (Table table : new Table[] {Table.INPUT, Table.HOLDING}) {
                bank.setFloat32(table, 0, vocOut);
                bank.setFloat32(table, 2, flowOut);
                bank.setFloat32(table, 4, o2Out);
                bank.setUint16(table, 6, status);
            }
        }

        @Override
        int runRegister() {
            return -1;
        }
    }
}
