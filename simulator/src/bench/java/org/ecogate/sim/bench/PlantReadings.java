package org.ecogate.sim.bench;

import org.ecogate.sim.plant.DeviceCore;
import org.ecogate.sim.plant.DeviceSpec;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sync.SenderSource;
import org.ecogate.sync.SyncRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The example plant's real values (the demo's plant.yaml, the same device models the live simulator serves), one
 * poll cycle at a time, appended to an in-memory buffer that a {@link org.ecogate.sync.SyncSender} drains. Appends
 * and reads may come from different threads; acks from the sender thread only.
 */
final class PlantReadings implements SenderSource {
    final List<DeviceCore> devices = new ArrayList<>();
    final ConcurrentSkipListMap<Long, SyncRecord> records = new ConcurrentSkipListMap<>();
    volatile long acked;
    private long next = 1;
    private double t;

    PlantReadings() throws IOException {
        String yaml;
        try (InputStream in = PlantReadings.class.getResourceAsStream("/demo/plant.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PlantConfig cfg = PlantConfig.parse(yaml, "demo/plant.yaml");
        for (DeviceSpec d : cfg.devices()) devices.add(new DeviceCore(d, cfg.seed()));
    }

    int pointsPerCycle() {
        int n = 0;
        for (DeviceCore d : devices) n += d.points().size();
        return n;
    }

    /** One poll cycle of every point, {@code dt} seconds after the previous one, stamped {@code ts}. */
    synchronized List<SyncRecord> cycle(double dt, long ts) {
        t += dt;
        List<SyncRecord> out = new ArrayList<>();
        for (DeviceCore d : devices) {
            d.step(t, dt);
            for (Map.Entry<String, Double> e : d.read().entrySet()) {
                long seq = next++;
                SyncRecord r = new SyncRecord(seq, d.spec().id() + "." + e.getKey(), ts, e.getValue(), "good");
                records.put(seq, r);
                out.add(r);
            }
        }
        return out;
    }

    synchronized long lastSeq() {
        return next - 1;
    }

    @Override
    public long lastSeq(String stream) {
        return lastSeq();
    }

    @Override
    public long ackedThrough(String stream) {
        return acked;
    }

    @Override
    public List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) {
        List<SyncRecord> out = new ArrayList<>(Math.min(max, 4096));
        for (SyncRecord r : records.tailMap(afterSeq, false).values()) {
            if (out.size() == max) break;
            out.add(r);
        }
        return out;
    }

    @Override
    public void acked(String stream, long epoch, long through) {
        acked = through;
        records.headMap(through, true).clear();
    }
}
