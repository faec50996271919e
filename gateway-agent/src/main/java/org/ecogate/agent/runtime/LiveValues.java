package org.ecogate.agent.runtime;

import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every point's latest reading and a short trend, and per-device poll counters, held in memory for
 * {@code ecogate values}, the local page and /metrics (independent of what the buffer keeps). Thread-safe: pollers
 * write their own points, readers take consistent per-point snapshots. Trap: a point not yet polled has no entry.
 */
public final class LiveValues {
    /**
     * Good values kept per point for the trend (one per poll), as floats: the trend is drawn, not computed with, and a
     * big plant (200 x 128 points) must fit the small-box heap (a double[60] per point took ~13 MB of its 32 MB).
     */
    public static final int TREND = 30;

    /** One point as a person reads it; {@code value} null unless the last reading was good. */
    public record Point(String point, String device, String unit, Double value, Quality quality, long ts,
                        Double lastGood, long lastGoodTs, double[] trend) {}

    /** Poll counters of one device since start. */
    public record DeviceCounters(String device, long cycles, long failedCycles, long readings, long lastPollTs) {}

    private static final class Entry {
        final String device;
        final String unit;
        final float[] ring = new float[TREND];
        int n;
        int next;
        Reading last;
        Double lastGood;
        long lastGoodTs;

        Entry(String device, String unit) {
            this.device = device;
            this.unit = unit;
        }

        synchronized void add(Reading r) {
            last = r;
            if (r.value() != null) {
                lastGood = r.value();
                lastGoodTs = r.ts();
                ring[next] = r.value().floatValue();
                next = (next + 1) % TREND;
                n = Math.min(n + 1, TREND);
            }
        }

        synchronized Point snapshot(String point) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) t[i] = ring[(next - n + i + TREND) % TREND];
            return new Point(point, device, unit, last.value(), last.quality(), last.ts(), lastGood, lastGoodTs, t);
        }
    }

    private static final class Counters {
        final AtomicLong cycles = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong readings = new AtomicLong();
        volatile long lastPoll;
    }

    private final Map<String, Entry> points = new ConcurrentHashMap<>();
    private final Map<String, Counters> devices = new ConcurrentHashMap<>();
    private volatile Map<String, String[]> known = Map.of();

    /** Declares the configured points (their device and unit); called at start and on reload. */
    public void configure(List<DeviceConfig> config) {
        Map<String, String[]> k = new LinkedHashMap<>();
        for (DeviceConfig d : config) {
            for (PointConfig p : d.points()) k.put(d.id() + "." + p.name(), new String[] {d.id(), p.unit()});
            devices.computeIfAbsent(d.id(), id -> new Counters());
        }
        known = k;
        points.keySet().retainAll(k.keySet());
        devices.keySet().retainAll(config.stream().map(DeviceConfig::id).toList());
    }

    /** Records one poll cycle of a source (one or several devices). */
    public void update(List<Reading> cycle) {
        Map<String, Boolean> failedByDevice = new LinkedHashMap<>();
        for (Reading r : cycle) {
            String[] meta = known.get(r.point());
            String device = meta != null ? meta[0] : r.point().substring(0, Math.max(0, r.point().indexOf('.')));
            points.computeIfAbsent(r.point(), p -> new Entry(device, meta == null ? null : meta[1])).add(r);
            failedByDevice.merge(device, r.quality() == Quality.COMM_FAULT, Boolean::logicalOr);
            Counters c = devices.get(device);
            if (c != null) c.readings.incrementAndGet();
        }
        long now = cycle.isEmpty() ? 0 : cycle.get(0).ts();
        failedByDevice.forEach((device, failed) -> {
            Counters c = devices.get(device);
            if (c == null) return;
            c.cycles.incrementAndGet();
            if (failed) c.failed.incrementAndGet();
            c.lastPoll = now;
        });
    }

    /** The last reading of every polled point (what an HJ 212 uplink sends as real-time data). */
    public Map<String, Reading> latest() {
        Map<String, Reading> out = new LinkedHashMap<>();
        points.forEach((p, e) -> {
            synchronized (e) {
                out.put(p, e.last);
            }
        });
        return out;
    }

    /** Every polled point, in config order. */
    public List<Point> points() {
        List<Point> out = new ArrayList<>();
        for (String p : known.keySet()) {
            Entry e = points.get(p);
            if (e != null) out.add(e.snapshot(p));
        }
        return out;
    }

    public List<DeviceCounters> devices() {
        List<DeviceCounters> out = new ArrayList<>();
        devices.forEach((id, c) -> out.add(new DeviceCounters(id, c.cycles.get(), c.failed.get(), c.readings.get(), c.lastPoll)));
        out.sort(java.util.Comparator.comparing(DeviceCounters::device));
        return out;
    }
}
