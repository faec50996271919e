package org.ecogate.sim.plant;

import java.util.List;

/**
 * One scheduled event of a plant scenario: at {@code at} seconds after the plant started, apply
 * {@code action} (one of {@link #ACTIONS}) to the device with id {@code device}.
 */
public record ScenarioStep(double at, String device, String action) {

    /** The known actions: stop and start change the run state, silence and resume the Modbus server. */
    public static final List<String> ACTIONS = List.of("stop", "start", "silence", "resume");

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
    }
}
