package org.ecogate.sim.bench;

import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.internal.codec.ColumnsBridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Where the bytes of a batch's record columns go: the example plant's values (as LinkBenchmark's backlog: 13 points
 * per cycle, cycles 1 s apart) cut into batches of fixed record counts, encoded by the v1 columns and by ColumnsV2,
 * raw and raw-deflated at levels 6 and 9 (the frame deflates when smaller), with a per-column breakdown. Only the
 * record columns are counted (no frame, header, seqs or point dictionary). Args: [readings=500000] [batch sizes...].
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
        System.out.printf("bytes per reading of the record columns only (no frame, header, seqs, point dictionary);"
                + " 'frame' = min(raw, deflate 6) as the sender sends it%n");
        System.out.printf("%-8s %-9s %7s %7s %7s %7s   %s%n", "batch", "columns", "raw", "defl6", "defl9", "frame",
                "raw breakdown: " + String.join(" / ", SECTIONS));
        for (int size : sizes) {
            for (int v = 1; v <= 2; v++) study(all, size, v);
            System.out.printf("%-8s %-9s %s%n", "", "", "deflated alone (level 6): " + String.join(" / ", SECTIONS));
            for (int v = 1; v <= 2; v++) study(all, size, v, true);
        }
    }

    private static void study(List<SyncRecord> all, int size, int v) throws Exception {
        study(all, size, v, false);
    }

    /** Encodes {@code all} in batches of {@code size} with columns version {@code v}; prints the figures. */
    private static void study(List<SyncRecord> all, int size, int v, boolean alone) throws Exception {
        long raw = 0, d6 = 0, d9 = 0, frame = 0;
        long[] part = new long[SECTIONS.length];
        int batches = 0;
        for (int from = 0; from + size <= all.size(); from += size, batches++) {
            List<SyncRecord> rs = all.subList(from, from + size);
            int[] ends = new int[SECTIONS.length];
            byte[] cols = ColumnsBridge.encode(v, rs, ends);
            if (v == 1) ends = ColumnsBridge.sectionsV1(cols, size);
            check(v, rs, cols);
            raw += cols.length;
            int l6 = ColumnsBridge.deflate(cols, 6).length;
            d6 += l6;
            d9 += ColumnsBridge.deflate(cols, 9).length;
            frame += Math.min(cols.length, l6);
            for (int k = 0, start = 0; k < ends.length; start = ends[k], k++) {
                byte[] sec = java.util.Arrays.copyOfRange(cols, start, ends[k]);
                part[k] += alone ? (sec.length == 0 ? 0 : ColumnsBridge.deflate(sec, 6).length) : sec.length;
            }
        }
        double n = (double) batches * size;
        StringBuilder sb = new StringBuilder();
        for (long p : part) sb.append(sb.length() == 0 ? "" : " / ").append(String.format("%.3f", p / n));
        if (alone) {
            System.out.printf("%-8s %-9s %s%n", "", v == 1 ? "Columns" : "ColumnsV2", sb);
        } else {
            System.out.printf("%-8s %-9s %7.3f %7.3f %7.3f %7.3f   %s%n", String.format("%,d", size),
                    v == 1 ? "Columns" : "ColumnsV2", raw / n, d6 / n, d9 / n, frame / n, sb);
        }
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
