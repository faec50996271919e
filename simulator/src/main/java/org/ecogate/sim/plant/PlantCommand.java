package org.ecogate.sim.plant;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs a simulated plant from a YAML file until the JVM is stopped: prints one line per device with its
 * address, then blocks. Exit codes: 0 ok, 1 a server could not start, 2 invalid config.
 *
 * <p>Holds no logic beyond wiring {@link PlantConfig} and {@link Plant}. Trap: it blocks the calling thread;
 * interrupting that thread closes the plant and returns 0.
 */
public final class PlantCommand {

    private PlantCommand() {
    }

    /** Loads {@code config}, starts the plant, prints its devices to stdout and blocks until interrupted. */
    public static int run(Path config) throws Exception {
        return run(config, System.out, System.err);
    }

    /** Same as {@link #run(Path)}, printing to {@code out} and {@code err}. */
    public static int run(Path config, PrintStream out, PrintStream err) throws Exception {
        PlantConfig cfg;
        try {
            cfg = PlantConfig.load(config);
        } catch (PlantConfigException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        Plant plant;
        try {
            plant = Plant.start(cfg);
        } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(plant::close, "plant-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (SimDevice d : plant.devices()) {
            out.println("plant: " + d.id() + " (" + d.type() + ") on " + cfg.host() + ":" + d.port() + " unit "
                    + d.unit());
        }
        out.flush();
        try {
            Thread.currentThread().join(); // blocks until interrupted
        } catch (InterruptedException e) {
            // asked to stop
        } finally {
            plant.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
        }
        return 0;
    }
}
