package org.ecogate.sim.plant;

import java.util.List;

/**
 * One scheduled event of a plant scenario: at {@code at} scenario seconds, apply {@code action} (one of
 * {@link #ACTIONS}) to the device with id {@code device}. The optional parameters are {@link Double#NaN} when
 * absent:
 * <ul>
 *   <li>{@code value}: the VOC level (mg/m³) of an analyser's {@code set} and {@code abnormal};</li>
 *   <li>{@code period}: the full period (seconds) of a {@code flap}; the run state toggles every period/2;</li>
 *   <li>{@code until}: the scenario time (seconds, like {@code at}) at which a {@code flap} ends;</li>
 *   <li>{@code ramp}: seconds over which an analyser's VOC moves linearly to its new level
 *       ({@code set}, {@code abnormal}, {@code normal}).</li>
 * </ul>
 *
 * <p>Immutable. Trap: the device-type rules (e.g. {@code set} only for an analyser) are checked by
 * {@link PlantConfig}, which knows the types; this record checks only what it can see.
 */
public record ScenarioStep(double at, String device, String action, double value, double period, double until,
        double ramp) {

    /**
     * The known actions: stop and start change the run state, silence and resume the Modbus server, abnormal and
     * normal the values of a running device, flap toggles the run state for a while, set moves an analyser's VOC.
     */
    public static final List<String> ACTIONS =
            List.of("stop", "start", "silence", "resume", "abnormal", "normal", "flap", "set");

    /** Most toggles one flap may make (guards against a tiny period). */
    public static final int MAX_FLAP_TOGGLES = 100_000;

    /** A step without parameters ({@code stop}, {@code start}, {@code silence}, {@code resume}, ...). */
    public ScenarioStep(double at, String device, String action) {
        this(at, device, action, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Checks the arguments; config files are checked by {@link PlantConfig} with messages naming the field. */
    public ScenarioStep {
        if (!(at >= 0) || Double.isInfinite(at)) {
            throw new IllegalArgumentException("scenario step: 'at' must be a number of seconds >= 0, got " + at);
        }
        if (device == null || device.isBlank()) {
            throw new IllegalArgumentException("scenario step: device must not be empty");
        }
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("scenario step: unknown action '" + action + "' (known: "
                    + String.join(", ", ACTIONS) + ")");
        }
        String problem = problem(action, at, value, period, until, ramp);
        if (problem != null) {
            throw new IllegalArgumentException("scenario step: " + problem);
        }
    }

    /** Whether the optional parameter is present. */
    static boolean has(double parameter) {
        return !Double.isNaN(parameter);
    }

    /**
     * The first problem with the parameters of {@code action}, as "{@code field: message}", or null. Used by the
     * constructor and by {@link PlantConfig} (which prefixes the step's path).
     */
    static String problem(String action, double at, double value, double period, double until, double ramp) {
        boolean takesValue = action.equals("set") || action.equals("abnormal");
        boolean takesRamp = takesValue || action.equals("normal");
        boolean flap = action.equals("flap");
        if (has(value) && !takesValue) {
            return "value: not used by '" + action + "' (only by set and abnormal)";
        }
        if (has(ramp) && !takesRamp) {
            return "ramp: not used by '" + action + "' (only by set, abnormal and normal)";
        }
        if (has(period) && !flap) {
            return "period: not used by '" + action + "' (only by flap)";
        }
        if (has(until) && !flap) {
            return "until: not used by '" + action + "' (only by flap)";
        }
        if (action.equals("set") && !has(value)) {
            return "value: missing; set needs the VOC level in mg/m3";
        }
        if (has(value) && (value < 0 || Double.isInfinite(value))) {
            return "value: must be a number >= 0, got " + value;
        }
        if (has(ramp) && (ramp < 0 || Double.isInfinite(ramp))) {
            return "ramp: must be a number of seconds >= 0, got " + ramp;
        }
        if (flap) {
            if (!has(period)) {
                return "period: missing; flap needs its period in seconds";
            }
            if (!(period > 0) || Double.isInfinite(period)) {
                return "period: must be a number of seconds > 0, got " + period;
            }
            if (!has(until)) {
                return "until: missing; flap needs the scenario time (seconds) at which it ends";
            }
            if (!(until > at) || Double.isInfinite(until)) {
                return "until: must be a scenario time in seconds after 'at' (" + at + "), got " + until;
            }
            if ((until - at) / (period / 2) > MAX_FLAP_TOGGLES) {
                return "period: " + period + " s from " + at + " to " + until + " makes more than "
                        + MAX_FLAP_TOGGLES + " toggles";
            }
        }
        return null;
    }

    /**
     * The first problem with applying this step to a device of type {@code type}, as "{@code field: message}",
     * or null: {@code set} is for analysers only, and an analyser's {@code abnormal} needs a {@code value}.
     */
    String problemFor(DeviceType type) {
        boolean analyser = type == DeviceType.ANALYSER;
        if (action.equals("set") && !analyser) {
            return "action: 'set' is for analyser devices only; " + device + " is of type " + type;
        }
        if (action.equals("abnormal") && analyser && !has(value)) {
            return "value: missing; an analyser's abnormal needs the VOC level in mg/m3";
        }
        if (has(value) && !analyser) {
            return "value: only an analyser takes a value; " + device + " is of type " + type;
        }
        if (has(ramp) && !analyser) {
            return "ramp: only an analyser takes a ramp; " + device + " is of type " + type;
        }
        return null;
    }

    /** The latest scenario time this step acts at: {@code until} for a flap, {@code at} otherwise. */
    public double end() {
        return action.equals("flap") ? until : at;
    }
}
