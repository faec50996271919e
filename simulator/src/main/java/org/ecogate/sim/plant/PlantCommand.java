package org.ecogate.sim.plant;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Runs a simulated plant from a YAML file until the JVM is stopped: prints one line per device with its
 * address, then blocks, taking runtime commands ({@link PlantControl}) on stdin and, when asked, on a loopback
 * control port. Exit codes: 0 ok, 1 a server could not start, 2 invalid config.
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

    /** Same as {@link #run(Path)}, printing to {@code out} and {@code err}, without runtime control. */
    public static int run(Path config, PrintStream out, PrintStream err) throws Exception {
        return run(config, null, -1, out, err);
    }

    /**
     * Same as {@link #run(Path)}: commands from {@code in} (null: none) and from 127.0.0.1:{@code controlPort}
     * (0: a free port, printed; negative: none), answered on {@code out}.
     */
    public static int run(Path config, java.io.InputStream in, int controlPort, PrintStream out, PrintStream err) throws Exception {
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
        PlantControl control = new PlantControl(plant);
        Thread hook = new Thread(() -> {
            control.close();
            plant.close();
        }, "plant-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        for (SimDevice d : plant.devices()) {
            out.println("plant: " + d.id() + " (" + d.type() + ") on " + cfg.host() + ":" + d.port() + " unit "
                    + d.unit());
        }
        if (controlPort >= 0) {
            try {
                out.println("plant: control on 127.0.0.1:" + control.listen(controlPort) + " (one command per line; " + PlantControl.HELP + ")");
            } catch (IOException e) {
                err.println("error: control port " + controlPort + ": " + e.getMessage());
                control.close();
                plant.close();
                Runtime.getRuntime().removeShutdownHook(hook);
                return 1;
            }
        }
        if (in != null) control.serve(in, out);
        out.flush();
        try {
            Thread.currentThread().join(); // blocks until interrupted
        } catch (InterruptedException e) {
            // asked to stop
        } finally {
            control.close();
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
