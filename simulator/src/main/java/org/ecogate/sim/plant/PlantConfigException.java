package org.ecogate.sim.plant;

/**
 * A plant configuration that cannot be used. The message names the file and the field, e.g.
 * {@code plant.yaml: devices[2].type: unknown device type 'fann' (known: fan, condenser, esp, meter, analyser)}.
 *
 * <p>Extends {@link IllegalArgumentException}, so callers that only catch that keep working.
 */
public final class PlantConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** A config error with its full message (source and field already included). */
    public PlantConfigException(String message) {
        super(message);
    }

    /** A config error with its full message and the underlying cause (e.g. a YAML syntax error). */
    public PlantConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
