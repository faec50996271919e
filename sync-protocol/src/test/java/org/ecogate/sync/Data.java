package org.ecogate.sync;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test data: periodic readings of many points as a real agent produces them. */
public final class Data {
    private Data() {}

    /** Shared signing keys of the codec and trust tests. */
    public static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    public static final byte[] OTHER_KEY = "fedcba9876543210fedcba9876543210".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * {@code cycles} poll cycles of {@code points} points at 1 s: a third float32 registers (random walk with
     * 2 decimals), a third scaled integers (raw * 0.1 as the agent computes them), a third run bits and counters.
     */
    public static List<SyncRecord> periodic(long firstSeq, long t0, int cycles, int points, long seed) {
        Random rnd = new Random(seed);
        double[] level = new double[points];
        for (int p = 0; p < points; p++) level[p] = 20 + rnd.nextInt(400);
        String[] names = new String[points];
        for (int p = 0; p < points; p++) names[p] = "dev" + (p / 10) + ".p" + (p % 10);
        List<SyncRecord> out = new ArrayList<>(cycles * points);
        long seq = firstSeq;
        for (int c = 0; c < cycles; c++) {
            long ts = t0 + c * 1000L + rnd.nextInt(15);
            for (int p = 0; p < points; p++) {
                double v;
                switch (p % 3) {
                    case 0 -> {
                        level[p] += rnd.nextGaussian() * 0.3;
                        v = (float) (Math.round(level[p] * 100) / 100.0);
                    }
                    case 1 -> {
                        level[p] = Math.max(0, level[p] + rnd.nextInt(5) - 2);
                        v = (int) level[p] * 0.1;
                    }
                    default -> v = p % 2 == 0 ? (rnd.nextInt(100) == 0 ? 0 : 1) : (level[p] += rnd.nextInt(3));
                }
                out.add(new SyncRecord(seq++, names[p], ts, v, "good"));
            }
        }
        return out;
    }
}
