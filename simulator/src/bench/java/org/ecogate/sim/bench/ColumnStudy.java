package org.ecogate.sim.bench;

import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.internal.codec.ColumnsBridge;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the bytes of a batch's record columns go: the example plant's values (as LinkBenchmark's backlog: 13 points
 * per cycle, cycles 1 s apart) cut into batches of fixed record counts, encoded by the v1 columns and by ColumnsV2,
 * raw and raw-deflated at levels 6 and 9 (the frame deflates when smaller), with a per-column breakdown. Only the
 * record columns are counted (no frame, header, seqs or point dictionary). Args: [readings=500000] [batch sizes...]
 * (default 50000 8000 39). Run from the repository root:
 * {@code mvn -B -q -o -pl simulator -am -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * -Dmdep.includeScope=test && java -cp simulator/target/test-classes:simulator/target/classes:$(cat simulator/target/cp.txt)
 * org.ecogate.sim.bench.ColumnStudy}
 */
public final class ColumnStudy {
    private static final String[] SECTIONS = {"points", "qualities", "ts", "tags", "values", "bodies"};

    public static void main(String[] args) throws Exception {
        int readings = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) sizes.add(Integer.parseInt(args[i]));
        if (sizes.isEmpty()) sizes = List.of(50_000, 8_000, 39);
        PlantReadings src = new PlantReadings();
        long t0 = 1_764_000_000_000L;
        for (int i = 0; src.lastSeq() < readings; i++) src.cycle(1.0, t0 + i * 1000L);
        List<SyncRecord> all = new ArrayList<>(src.records.values());
        System.out.printf("ecogate record columns: %,d readings of the example plant (%d points per cycle, 1 s apart)%n",
                all.size(), src.pointsPerCycle());
        System.out.printf("bytes per reading of the record columns only (no frame, header, seqs, point dictionary);%n"
                + "frame = min(raw, deflate level 6) as the sender sends it; enc+dec ns = nanoseconds per reading to encode, to decode and compare (best of 5)%n");
        System.out.printf("%-7s %-9s %6s %6s %6s %6s %-9s %s%n", "batch", "columns", "raw", "defl6", "defl9", "frame",
                "enc+dec ns", "per column, raw (deflated alone, level 6): " + String.join(" / ", SECTIONS));
        for (int size : sizes) {
            for (int v = 1; v <= 2; v++) study(all, size, v, false);
            for (int v = 1; v <= 2; v++) study(all, size, v, true);
        }
    }

    /** Encodes {@code all} in batches of {@code size} with columns version {@code v}; prints the figures if {@code print}. */
    private static void study(List<SyncRecord> all, int size, int v, boolean print) throws Exception {
        long raw = 0, d6 = 0, d9 = 0, frame = 0;
        long[] part = new long[SECTIONS.length], alone = new long[SECTIONS.length];
        int batches = 0;
        for (int from = 0; from + size <= all.size(); from += size, batches++) {
            List<SyncRecord> rs = all.subList(from, from + size);
            int[] ends = new int[SECTIONS.length];
            byte[] cols = ColumnsBridge.encode(v, rs, ends);
            check(v, rs, cols);
            if (v == 1) ends = ColumnsBridge.sectionsV1(cols, size);
            raw += cols.length;
            int l6 = ColumnsBridge.deflate(cols, 6).length;
            d6 += l6;
            d9 += ColumnsBridge.deflate(cols, 9).length;
            frame += Math.min(cols.length, l6);
            for (int k = 0, start = 0; k < ends.length; start = ends[k], k++) {
                byte[] sec = Arrays.copyOfRange(cols, start, ends[k]);
                part[k] += sec.length;
                alone[k] += sec.length == 0 ? 0 : ColumnsBridge.deflate(sec, 6).length;
            }
        }
        if (!print) return; // the first pass warms the JIT up
        double n = (double) batches * size;
        long[] times = timing(all, size, v);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < part.length; k++) {
            sb.append(k == 0 ? "" : " / ").append(String.format("%.3f (%.3f)", part[k] / n, alone[k] / n));
        }
        System.out.printf("%-7s %-9s %6.3f %6.3f %6.3f %6.3f %4d+%-4d %s%n", String.format("%,d", size),
                v == 1 ? "Columns" : "ColumnsV2", raw / n, d6 / n, d9 / n, frame / n, times[0], times[1], sb);
    }

    /** Encode and decode nanoseconds per reading (columns only, no deflate), best of 5 passes over the batches. */
    private static long[] timing(List<SyncRecord> all, int size, int v) throws Exception {
        List<byte[]> cols = new ArrayList<>();
        for (int from = 0; from + size <= all.size(); from += size) cols.add(ColumnsBridge.encode(v, all.subList(from, from + size)));
        long n = (long) cols.size() * size, enc = Long.MAX_VALUE, dec = Long.MAX_VALUE;
        for (int pass = 0; pass < 5; pass++) {
            long t = System.nanoTime();
            for (int b = 0; b < cols.size(); b++) ColumnsBridge.encode(v, all.subList(b * size, b * size + size));
            enc = Math.min(enc, System.nanoTime() - t);
            t = System.nanoTime();
            for (int b = 0; b < cols.size(); b++) check(v, all.subList(b * size, b * size + size), cols.get(b));
            dec = Math.min(dec, System.nanoTime() - t);
        }
        return new long[] {enc / n, dec / n};
    }

    /** Decodes {@code cols} and fails unless every record comes back bit for bit. */
    private static void check(int v, List<SyncRecord> rs, byte[] cols) throws Exception {
        int[] idx = new int[rs.size()];
        String[] points = ColumnsBridge.dictionary(rs, idx);
        long[] seq = new long[rs.size()];
        for (int i = 0; i < seq.length; i++) seq[i] = rs.get(i).seq();
        List<SyncRecord> back = ColumnsBridge.decode(v, cols, seq, points);
        for (int i = 0; i < seq.length; i++) {
            SyncRecord a = rs.get(i), b = back.get(i);
            boolean same = a.point().equals(b.point()) && a.ts() == b.ts() && a.quality().equals(b.quality())
                    && (a.value() == null ? b.value() == null : b.value() != null
                    && Double.doubleToRawLongBits(a.value()) == Double.doubleToRawLongBits(b.value()));
            if (!same) throw new IllegalStateException("v" + v + " round trip differs at " + i + ": " + a + " vs " + b);
        }
    }
}
