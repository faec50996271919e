package org.ecogate.sync.internal.codec;

import org.ecogate.sync.SyncRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plant-like readings for size checks without the simulator: 13 points per cycle, 1 s apart, as the example plant
 * (noisy float32 analogs drifting slowly, run flags, an integer rate, a kWh counter in tenths). Stateless.
 */
final class PlantLike {
    private static final String[] ANALOGS = {"fan1.freq", "fan1.current", "cond1.current", "cond1.outlet_temp",
            "esp1.kv", "esp1.ma", "line1.kw"};
    private static final double[] LEVEL = {49, 86, 32, 10, 60, 500, 400}, NOISE = {0.03, 0.4, 0.25, 0.05, 0.3, 6, 3};

    private PlantLike() {}

    static List<SyncRecord> cycles(Random r, int cycles) {
        List<SyncRecord> rs = new ArrayList<>();
        long kwh = 1_234_568;
        double sparks = 15;
        for (int c = 0; c < cycles; c++) {
            long ts = 1_764_000_000_000L + c * 1000L;
            for (int k = 0; k < ANALOGS.length; k++) {
                double drift = LEVEL[k] * (1 + 0.02 * Math.sin(c / 300.0 + k));
                add(rs, ANALOGS[k], ts, (double) (float) (drift + r.nextGaussian() * NOISE[k]));
                if (k == 1 || k == 3) add(rs, ANALOGS[k].substring(0, ANALOGS[k].indexOf('.')) + ".run", ts, 1.0);
            }
            sparks = Math.max(5, Math.min(30, sparks + r.nextGaussian()));
            add(rs, "esp1.spark_rate", ts, (double) Math.round(sparks));
            add(rs, "esp1.run", ts, 1.0);
            kwh += r.nextInt(3);
            add(rs, "line1.kwh", ts, kwh / 10.0);
            add(rs, "line1.run", ts, 1.0);
        }
        return rs;
    }

    private static void add(List<SyncRecord> rs, String point, long ts, double v) {
        rs.add(new SyncRecord(rs.size() + 1, point, ts, v, "good"));
    }

    /** Bytes per reading of the record columns (version {@code v}) in batches of {@code size}, deflated when smaller. */
    static double bytesPerReading(List<SyncRecord> rs, int size, int v) {
        long bytes = 0, n = 0;
        for (int from = 0; from + size <= rs.size(); from += size) {
            List<SyncRecord> b = rs.subList(from, from + size);
            byte[] cols = ColumnsBridge.encode(v, b);
            bytes += Math.min(cols.length, Wire.deflate(cols, 6).length);
            n += size;
        }
        return (double) bytes / n;
    }
}
