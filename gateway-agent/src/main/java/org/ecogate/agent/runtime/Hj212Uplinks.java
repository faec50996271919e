package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.EquipmentConfig;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.uplink.hj212.Hj212Uplink;
import org.ecogate.agent.uplink.hj212.LiveData;
import org.ecogate.agent.uplink.hj212.SiteTime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Builds the agent's HJ 212 uplinks (config {@code hj212:}) and is the live view they read: the last reading per
 * point (from {@link LiveValues}) and the detector's equipment states. Thread-safe. Trap: each uplink runs on its own
 * thread, so a platform that never answers slows only itself, never the ecogate sync or another platform.
 */
final class Hj212Uplinks implements LiveData {
    private final LiveValues live;
    private final Detection detection;
    private final ClockService clock;
    private final BiConsumer<ClockService.Step, String> record;
    private final Path bufferPath;
    private volatile Map<String, String> pointEquipment = Map.of();
    private final java.util.Set<String> awaited = java.util.concurrent.ConcurrentHashMap.newKeySet(); // devices with a mapped point, not polled yet
    private volatile long readyByNanos;

    /** Stamps (QN, DataTime) read the corrected wall time; a 1012 goes to {@link PlatformTime}, {@code record}ing its step. */
    Hj212Uplinks(LiveValues live, Detection detection, ClockService clock, BiConsumer<ClockService.Step, String> record,
                 Path bufferPath) {
        this.live = live;
        this.detection = detection;
        this.clock = clock;
        this.record = record;
        this.bufferPath = bufferPath;
    }

    /** One uplink per configured platform (not started); each keeps its settings in a file beside the buffer. */
    List<Hj212Uplink> build(AgentConfig cfg, Buffer buffer) throws BufferException {
        Map<String, String> pe = new HashMap<>(cfg.detection().pointEquipment()); // every point of an equipment's device
        for (EquipmentConfig e : cfg.detection().equipment()) {
            for (String p : e.points()) pe.putIfAbsent(p, e.id());
        }
        pointEquipment = Map.copyOf(pe);
        // the first real-time upload waits for the first poll of each device a platform maps (bounded)
        long bound = 5_000;
        awaited.clear();
        for (org.ecogate.agent.config.DeviceConfig d : cfg.devices()) {
            for (Hj212UplinkConfig u : cfg.hj212()) {
                for (String p : u.factors().keySet()) if (p.startsWith(d.id() + ".")) awaited.add(d.id());
            }
            bound = Math.max(bound, 2 * (d.interval().toMillis() + d.timeout().toMillis() * ((d.retries() == null ? 0 : d.retries()) + 1)));
        }
        readyByNanos = System.nanoTime() + bound * 1_000_000L;
        List<Hj212Uplink> out = new ArrayList<>();
        for (Hj212UplinkConfig u : cfg.hj212()) {
            Path state = bufferPath.resolveSibling(bufferPath.getFileName() + ".hj212-" + u.name() + ".properties");
            SiteTime time = new PlatformTime(clock, u.name(), u.acceptTime(), record);
            out.add(new Hj212Uplink(u, buffer, this, clock.wallClock(), time, state));
        }
        return out;
    }

    @Override
    public Map<String, Reading> latest() {
        return live.latest();
    }

    @Override
    public Map<String, String> equipmentStates() {
        return detection.equipmentStates();
    }

    @Override
    public boolean ready() {
        if (awaited.isEmpty() || System.nanoTime() - readyByNanos >= 0) return true;
        Map<String, Reading> seen = live.latest();
        awaited.removeIf(d -> seen.keySet().stream().anyMatch(p -> p.startsWith(d + ".")));
        return awaited.isEmpty();
    }

    @Override
    public Map<String, String> pointEquipment() {
        return pointEquipment;
    }
}
