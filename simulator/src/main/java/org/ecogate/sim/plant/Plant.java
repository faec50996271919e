package org.ecogate.sim.plant;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running simulated plant: one Modbus TCP server per configured device, a single scheduler thread that
 * updates every device every {@value #TICK_MS} ms, and the configured scenario played at its times.
 *
 * <p>Thread-safe. Trap: ports configured as 0 are chosen at start; ask {@link #port(String)} for the real ones.
 * Always close the plant (try-with-resources) so its ports and threads are released.
 */
public final class Plant implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Plant.class);

    /** Interval between two model updates, in milliseconds. */
    public static final int TICK_MS = 200;

    private final PlantConfig config;
    private final Map<String, SimDevice> devices;
    private final ScheduledExecutorService scheduler;
    private final long startNanos = System.nanoTime();
    private long lastTickNanos = startNanos;

    private Plant(PlantConfig config, Map<String, SimDevice> devices) {
        this.config = config;
        this.devices = devices;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "plant-scheduler");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.scheduler = executor;
    }

    /** Starts every device's server on {@code cfg.host()}, the update loop and the scenario. */
    public static Plant start(PlantConfig cfg) throws IOException {
        Map<String, SimDevice> devices = new LinkedHashMap<>();
        try {
            for (DeviceSpec spec : cfg.devices()) {
                SimDevice device = new SimDevice(spec, cfg.host(), cfg.seed());
                device.startServer();
                devices.put(spec.id(), device);
            }
        } catch (IOException | RuntimeException e) {
            devices.values().forEach(SimDevice::closeServer);
            throw e;
        }
        Plant plant = new Plant(cfg, Collections.unmodifiableMap(devices));
        plant.scheduler.scheduleAtFixedRate(plant::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        for (ScenarioStep step : cfg.scenario()) {
            plant.scheduler.schedule(() -> plant.play(step), Math.round(step.at() * 1000), TimeUnit.MILLISECONDS);
        }
        return plant;
    }

    private void tick() {
        try {
            long now = System.nanoTime();
            double dt = (now - lastTickNanos) / 1e9;
            lastTickNanos = now;
            double t = (now - startNanos) / 1e9;
            for (SimDevice d : devices.values()) {
                d.step(t, dt);
            }
        } catch (RuntimeException e) {
            LOG.error("plant: update failed; values may be stale", e); // keep the periodic task alive
        }
    }

    private void play(ScenarioStep step) {
        try {
            devices.get(step.device()).perform(step.action(), "t=" + formatSeconds(step.at()) + " ");
        } catch (RuntimeException e) {
            LOG.error("plant: scenario step {} failed", step, e);
        }
    }

    private static String formatSeconds(double s) {
        return s == Math.rint(s) ? (long) s + "s" : s + "s";
    }

    /** The configuration this plant was started from. */
    public PlantConfig config() {
        return config;
    }

    /** The host every device listens on. */
    public String host() {
        return config.host();
    }

    /** Seconds since the plant started (the time base of the scenario). */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** The TCP port of device {@code deviceId}. */
    public int port(String deviceId) {
        return device(deviceId).port();
    }

    /** The device with id {@code id}. */
    public SimDevice device(String id) {
        SimDevice d = devices.get(id);
        if (d == null) {
            throw new IllegalArgumentException("plant: unknown device '" + id + "' (devices: "
                    + String.join(", ", devices.keySet()) + ")");
        }
        return d;
    }

    /** All devices, in configuration order. */
    public List<SimDevice> devices() {
        return new ArrayList<>(devices.values());
    }

    /** Stops the scheduler and closes every device's server. Idempotent. */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        devices.values().forEach(SimDevice::closeServer);
    }
}
