package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.config.EquipmentConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.uplink.hj212.Hj212Uplink;
import org.ecogate.agent.uplink.hj212.LiveData;
import org.ecogate.agent.uplink.hj212.SiteTime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's HJ 212 uplinks (config {@code uplinks:}) and the live view they read: the last reading per point and
 * the detector's equipment states. Thread-safe. Trap: each uplink runs on its own thread, so a platform that never
 * answers slows only itself, never the ecogate sync or another platform.
 */
final class Hj212Uplinks implements LiveData, AutoCloseable {
    private final List<Hj212Uplink> uplinks = new ArrayList<>();
    private final Map<String, Reading> latest = new ConcurrentHashMap<>();
    private final Map<String, String> pointEquipment = new HashMap<>();
    private final Detector detector;
    private final java.util.Set<String> awaited = ConcurrentHashMap.newKeySet(); // devices with a mapped point, not polled yet
    private final long readyByNanos;

    /** Stamps (QN, DataTime) read the corrected wall time; a 1012 goes to {@link PlatformTime}, {@code record}ing its step. */
    Hj212Uplinks(AgentConfig cfg, Buffer buffer, Detector detector, ClockService clock,
                 java.util.function.BiConsumer<ClockService.Step, String> record, Path bufferPath) throws BufferException {
        this.detector = detector;
        pointEquipment.putAll(cfg.detection().pointEquipment()); // every point of an equipment's device (issue 22)
        for (EquipmentConfig e : cfg.detection().equipment()) {
            for (String p : e.points()) pointEquipment.putIfAbsent(p, e.id());
        }
        long bound = 5_000;
        for (org.ecogate.agent.config.DeviceConfig d : cfg.devices()) {
            for (Hj212UplinkConfig u : cfg.uplinks()) {
                for (String p : u.factors().keySet()) if (p.startsWith(d.id() + ".")) awaited.add(d.id());
            }
            bound = Math.max(bound, 2 * (d.interval().toMillis() + d.timeout().toMillis() * ((d.retries() == null ? 0 : d.retries()) + 1)));
        }
        readyByNanos = System.nanoTime() + bound * 1_000_000L;
        for (Hj212UplinkConfig u : cfg.uplinks()) {
            Path state = bufferPath.resolveSibling(bufferPath.getFileName() + ".hj212-" + u.name() + ".properties");
            SiteTime time = new PlatformTime(clock, u.name(), u.acceptTime(), record);
            uplinks.add(new Hj212Uplink(u, buffer, this, clock.wallClock(), time, state));
        }
    }

    void start() {
        for (Hj212Uplink u : uplinks) u.start();
    }

    void onCycle(List<Reading> cycle) {
        if (uplinks.isEmpty()) return;
        for (Reading r : cycle) latest.put(r.point(), r);
        if (!awaited.isEmpty()) for (Reading r : cycle) awaited.remove(r.point().substring(0, Math.max(0, r.point().indexOf('.'))));
        wakeUp();
    }

    void wakeUp() {
        for (Hj212Uplink u : uplinks) u.wakeUp();
    }

    List<org.ecogate.sync.status.AgentStatus.PlatformUplink> status() {
        List<org.ecogate.sync.status.AgentStatus.PlatformUplink> out = new ArrayList<>();
        for (Hj212Uplink u : uplinks) out.add(u.status());
        return out;
    }

    @Override
    public Map<String, Reading> latest() {
        return Map.copyOf(latest);
    }

    @Override
    public Map<String, String> equipmentStates() {
        if (detector == null) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        synchronized (detector) {
            detector.equipmentStates().forEach((k, v) -> out.put(k, v.name()));
        }
        return out;
    }

    @Override
    public boolean ready() {
        return awaited.isEmpty() || System.nanoTime() - readyByNanos >= 0;
    }

    @Override
    public Map<String, String> pointEquipment() {
        return pointEquipment;
    }

    @Override
    public void close() {
        for (Hj212Uplink u : uplinks) u.close();
    }
}
