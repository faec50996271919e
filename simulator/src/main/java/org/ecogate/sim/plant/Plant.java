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
 * updates every device every {@value #TICK_MS} ms, and the configured scenario played at its times: a step at
 * scenario second {@code at} plays {@code at / timeScale} real seconds after the start, looping with
 * {@code repeat}. Device dynamics stay real-time; an analyser's {@code ramp} is scaled like the scenario.
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
    private final java.util.List<org.ecogate.sim.rtu.RtuServer> buses = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** CoAP faces of esp devices (config {@code coap:}), by device id; they show the device's register values. */
    private final Map<String, org.ecogate.sim.coap.EspCoapSensor> coap = new java.util.concurrent.ConcurrentHashMap<>();
    private long coapTicks;
    private final ScheduledExecutorService scheduler;
    private final long startNanos = System.nanoTime();
    private long lastTickNanos = startNanos;
    private final ScenarioTimeline.Cursor cursor;

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
        this.cursor = config.timeline().cursor();
    }

    /** Starts every device's server on {@code cfg.host()}, the update loop and the scenario. */
    public static Plant start(PlantConfig cfg) throws IOException {
        Map<String, SimDevice> devices = new LinkedHashMap<>();
        java.util.List<org.ecogate.sim.rtu.RtuServer> buses = new java.util.ArrayList<>();
        try {
            for (DeviceSpec spec : cfg.devices()) {
                SimDevice device = new SimDevice(spec, cfg.host(), cfg.seed());
                device.startServer();
                devices.put(spec.id(), device);
            }
            // shared RTU buses: one server per bus, each device answering as its unit id
            for (PlantConfig.BusSpec b : cfg.buses()) {
                Map<Integer, org.ecogate.sim.modbus.RegisterBank> banks = new LinkedHashMap<>();
                for (SimDevice d : devices.values()) {
                    if (b.name().equals(d.spec().bus())) banks.put(d.unit(), d.registers());
                }
                org.ecogate.sim.rtu.RtuServer server = new org.ecogate.sim.rtu.RtuServer(banks);
                buses.add(server);
                int port = 0;
                if (b.transport().equals("rtu-tcp")) {
                    port = server.listenTcp(cfg.host(), b.port());
                } else {
                    server.serveTty(java.nio.file.Path.of(b.tty()));
                }
                for (SimDevice d : devices.values()) {
                    if (b.name().equals(d.spec().bus())) d.attach(server, port);
                }
                LOG.info("plant: bus {} ({}) on {} with units {}", b.name(), b.transport(),
                        port != 0 ? cfg.host() + ":" + port : b.tty(), banks.keySet());
            }
        } catch (IOException | RuntimeException e) {
            devices.values().forEach(SimDevice::closeServer);
            buses.forEach(org.ecogate.sim.rtu.RtuServer::close);
            throw e;
        }
        Plant plant = new Plant(cfg, Collections.unmodifiableMap(devices));
        plant.buses.addAll(buses);
        try {
            for (PlantConfig.CoapSpec c : cfg.coap()) {
                org.ecogate.sim.coap.EspCoapSensor sensor = new org.ecogate.sim.coap.EspCoapSensor(c.port());
                plant.coap.put(c.device(), sensor);
                LOG.info("plant: {} also answers CoAP on {}:{} (/esp, /esp/cbor, /esp/kv)", c.device(), "127.0.0.1", sensor.start());
            }
        } catch (RuntimeException e) {
            plant.close();
            throw e;
        }
        plant.scheduler.scheduleAtFixedRate(plant::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        plant.scheduler.execute(plant::playDue);
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
            if (!coap.isEmpty() && coapTicks++ % (1000 / TICK_MS) == 0) mirrorToCoap(); // once a second: observers are notified
        } catch (RuntimeException e) {
            LOG.error("plant: update failed; values may be stale", e); // keep the periodic task alive
        }
    }

    /** Copies each CoAP-faced esp device's registers (hr0-1 kV, hr2-3 mA, hr4 sparks/min) into its CoAP sensor. */
    private void mirrorToCoap() {
        coap.forEach((id, sensor) -> {
            int[] r = devices.get(id).bank().readRegisters(org.ecogate.sim.modbus.RegisterBank.Table.HOLDING, 0, 5);
            sensor.set(Float.intBitsToFloat(r[0] << 16 | r[1]), Float.intBitsToFloat(r[2] << 16 | r[3]), r[4]);
        });
    }

    /** The UDP port of the CoAP sensor of esp device {@code deviceId} (config {@code coap:}). */
    public int coapPort(String deviceId) {
        org.ecogate.sim.coap.EspCoapSensor s = coap.get(deviceId);
        if (s == null) throw new IllegalArgumentException("plant: device '" + deviceId + "' has no CoAP sensor (config coap:)");
        return s.port();
    }

    /** Plays every scenario event that is due, then schedules itself for the next one (scheduler thread). */
    private void playDue() {
        double timeScale = config.timeScale();
        try {
            // 1 ms of tolerance: the delay below is rounded to whole milliseconds.
            while (cursor.nextTime() / timeScale <= elapsedSeconds() + 0.001) {
                double at = cursor.nextTime();
                ScenarioTimeline.Event event = cursor.next();
                play(event, at);
            }
        } finally {
            double next = cursor.nextTime();
            if (!Double.isInfinite(next) && !scheduler.isShutdown()) {
                long delayMs = Math.max(0, (long) Math.ceil((next / timeScale - elapsedSeconds()) * 1000));
                try {
                    scheduler.schedule(this::playDue, delayMs, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.RejectedExecutionException closed) {
                    // the plant is closing
                }
            }
        }
    }

    private void play(ScenarioTimeline.Event event, double at) {
        try {
            double rampS = event.ramp() / config.timeScale(); // NaN stays NaN
            devices.get(event.device()).perform(event.action(), event.value(), rampS,
                    "t=" + formatSeconds(at) + " ");
        } catch (RuntimeException e) {
            LOG.error("plant: scenario event {} failed", event, e);
        }
    }

    private static String formatSeconds(double s) {
        double ms = Math.rint(s * 1000) / 1000;
        return ms == Math.rint(ms) ? (long) ms + "s" : ms + "s";
    }

    /** The configuration this plant was started from. */
    public PlantConfig config() {
        return config;
    }

    /** The host every device listens on. */
    public String host() {
        return config.host();
    }

    /** Real seconds since the plant started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Scenario seconds since the plant started: real seconds times the config's {@code timeScale}. */
    public double scenarioSeconds() {
        return elapsedSeconds() * config.timeScale();
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
        buses.forEach(org.ecogate.sim.rtu.RtuServer::close);
        coap.values().forEach(org.ecogate.sim.coap.EspCoapSensor::close);
    }
}
