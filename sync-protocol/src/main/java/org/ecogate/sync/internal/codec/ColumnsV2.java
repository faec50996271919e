package org.ecogate.sync.internal.codec;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record columns of a protocol v2 batch body (COLUMNS-V2.md): point residuals in record order, then qualities,
 * times, value tags and values grouped by point ("point-major"), each predicted from the point's previous records
 * (times: its last interval; values: its last value on the lattice of the value's class), zero runs collapsed;
 * then bodies. Stateless and thread-safe. Trap: predictions use only finite values and exact integer arithmetic,
 * so encoder and decoder agree on any platform; never feed a NaN into a prediction.
 */
final class ColumnsV2 {
    /** Value classes (bits 0-2 of a tag; bits 4-7 hold the decimal scale of classes 1-3). */
    static final int V_NULL = 0, V_DIV = 1, V_DIV32 = 2, V_MUL = 3, V_F64 = 4, V_F32 = 5;
    /** Tag bit 3: this run of the tag lasts to the point's last record (no run length follows). */
    static final int END = 0x08;
    /** A float32 takes a decimal lattice only if its step is this many float32 spacings or more (noise: rarely). */
    static final float COARSE = 64;
    private ColumnsV2() {}

    /** Writes the columns of {@code rs}; {@code idx[i]} is record i's index in a point dictionary of {@code d} names. */
    static void write(Wire.Out o, List<SyncRecord> rs, int[] idx, int d) {
        write(o, rs, idx, d, null);
    }

    /** As {@link #write(Wire.Out, List, int[], int)}; {@code ends} (may be null) gets each section's end offset. */
    static void write(Wire.Out o, List<SyncRecord> rs, int[] idx, int d, int[] ends) {
        int n = rs.size();
        long[] u = new long[n];
        for (int i = 0, prevIdx = -1; i < n; prevIdx = idx[i], i++) u[i] = Math.floorMod(idx[i] - (prevIdx + 1) % d, d);
        Runs.write(o, u, n);
        mark(o, ends, 0);
        int[] order = pointMajor(idx, n);
        Map<String, Integer> qd = new HashMap<>();
        List<String> quals = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            u[j] = qd.computeIfAbsent(rs.get(order[j]).quality(), q -> {
                quals.add(q);
                return quals.size() - 1;
            });
        }
        o.uv(quals.size());
        for (String q : quals) o.str(q);
        if (quals.size() > 1) Runs.write(o, u, n);
        mark(o, ends, 1);
        TsPredictor tp = new TsPredictor();
        for (int j = 0; j < n; j++) {
            long ts = rs.get(order[j]).ts();
            u[j] = zz(ts - tp.predict(j == 0 || idx[order[j]] != idx[order[j - 1]]));
            tp.update(ts);
        }
        Runs.write(o, u, n);
        mark(o, ends, 2);
        int nv = tags(o, rs, idx, order, u);
        mark(o, ends, 3);
        Runs.write(o, u, nv);
        mark(o, ends, 4);
        Columns.writeBodies(o, rs);
        mark(o, ends, 5);
    }

    /**
     * Writes the tag runs of each point in point-major order and puts the zigzag value residuals of the non-null
     * records into {@code u}; returns their count.
     */
    private static int tags(Wire.Out o, List<SyncRecord> rs, int[] idx, int[] order, long[] u) {
        int n = rs.size(), nv = 0;
        Predictor vp = new Predictor();
        for (int start = 0; start < n; ) {
            int end = groupEnd(order, idx, start, n);
            vp.newPoint();
            int tag = -1, runStart = start;
            for (int j = start; j <= end; j++) {
                Double v = j < end ? rs.get(order[j]).value() : null;
                int t = j == end ? -1 : v == null ? V_NULL : classify(v, tag);
                if (j > start && t != tag) { // the run of the previous tag ends here
                    o.u8(tag | (j == end ? END : 0));
                    if (j < end) o.uv(j - runStart);
                    runStart = j;
                }
                tag = t;
                if (v != null) {
                    u[nv++] = zz(lattice(v, t) - vp.predict(t));
                    vp.update(v, t);
                }
            }
            start = end;
        }
        return nv;
    }

    private static void mark(Wire.Out o, int[] ends, int k) {
        if (ends != null) ends[k] = o.len;
    }

    private static long zz(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzz(long u) {
        return (u >>> 1) ^ -(u & 1);
    }

    /** Record indices grouped by point (ascending dictionary index), record order within a point. */
    static int[] pointMajor(int[] idx, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) keys[i] = (long) idx[i] << 32 | i;
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int j = 0; j < n; j++) order[j] = (int) keys[j];
        return order;
    }

    private static int groupEnd(int[] order, int[] idx, int start, int n) {
        int end = start + 1;
        while (end < n && idx[order[end]] == idx[order[start]]) end++;
        return end;
    }

    /**
     * A column of unsigned integers with zero runs collapsed: a nonzero u is its varint (whose first byte is never
     * 0); a run of L zeros is a 0 byte and varint L - 1. The reader checks every run against the count left.
     */
    static final class Runs {
        private final Wire.In in;
        private final String what;
        private long left, zeros;
        private int i;

        Runs(Wire.In in, String what, long count) {
            this.in = in;
            this.what = what;
            this.left = count;
        }

        static void write(Wire.Out o, long[] u, int k) {
            for (int i = 0; i < k; ) {
                if (u[i] != 0) {
                    o.uv(u[i++]);
                    continue;
                }
                int j = i;
                while (j < k && u[j] == 0) j++;
                o.u8(0);
                o.uv(j - i - 1L);
                i = j;
            }
        }

        long next() throws SyncFormatException {
            i++;
            if (left-- <= 0) throw in.bad(what + "[" + (i - 1) + "]: read past the column"); // callers never do
            if (zeros > 0) {
                zeros--;
                return 0;
            }
            long u = uv();
            if (u != 0) return u;
            long more = uv();
            if (more < 0 || more > left) {
                throw in.bad(what + "[" + (i - 1) + "]: run of " + (more + 1) + " zeros, only " + (left + 1) + " left");
            }
            zeros = more;
            return 0;
        }

        /** A varint; the field is named (with its index) only when it is bad: names cost more than the reading. */
        private long uv() throws SyncFormatException {
            try {
                return in.uv(what);
            } catch (SyncFormatException e) {
                throw in.bad(what + "[" + (i - 1) + "]" + e.getMessage().substring(what.length()));
            }
        }
    }

    /**
     * The class of {@code v} (not null): {@code prev} (the point's previous tag, -1 for none) when it reproduces
     * {@code v} bit for bit and is not float64; else the first exact decimal (v1's order) unless the value is a
     * float32 and the decimal's step is under {@link #COARSE} float32 spacings; then the float32's shortest decimal
     * under the same condition, else the float32 bits; else the float64 bits.
     */
    static int classify(double v, int prev) {
        int pc = prev & 0x07;
        if (prev >= 0 && pc != V_NULL && pc != V_F64 && reproduces(v, prev)) return prev;
        long[] tmp = new long[1];
        int t = Columns.classify(v, false, tmp, 0);
        boolean f32 = !Double.isNaN(v) && Double.doubleToRawLongBits((float) v) == Double.doubleToRawLongBits(v);
        float ulp = f32 ? Math.ulp((float) v) : 0;
        int c = t & 0x0F;
        if ((c == Columns.V_DIV || c == Columns.V_MUL) && Columns.NEG_POW10[t >>> 4] >= COARSE * ulp) return t;
        if (!f32) return V_F64;
        for (int s = 0; s <= 15 && Columns.NEG_POW10[s] >= COARSE * ulp; s++) {
            if (reproduces(v, V_DIV32 | s << 4)) return V_DIV32 | s << 4;
        }
        return V_F32;
    }

    /** Whether {@code tag}'s lattice holds {@code v} exactly. */
    static boolean reproduces(double v, int tag) {
        if (!Double.isFinite(v)) return (tag & 0x0F) == V_F32 && !Double.isNaN(v) || (tag & 0x0F) == V_F64;
        return Double.doubleToRawLongBits(value(lattice(v, tag), tag)) == Double.doubleToRawLongBits(v);
    }

    /** The integer standing for {@code x} on {@code tag}'s lattice (rounded when not exact). */
    static long lattice(double x, int tag) {
        int s = tag >>> 4;
        return switch (tag & 0x0F) {
            case V_F64 -> sortable(Double.doubleToRawLongBits(x));
            case V_F32 -> sortable(Float.floatToRawIntBits((float) x));
            case V_DIV32 -> scaled((float) x, s);
            default -> scaled(x, s);
        };
    }

    private static long scaled(double x, int s) {
        double y = x * Columns.POW10[s];
        return Math.abs(y) < 9.0e15 ? Math.round(y) : 0;
    }

    /** The value {@code u} stands for on {@code tag}'s lattice. */
    static double value(long u, int tag) {
        int s = tag >>> 4;
        return switch (tag & 0x0F) {
            case V_F64 -> Double.longBitsToDouble(sortable(u));
            case V_F32 -> Float.intBitsToFloat(sortable((int) u));
            case V_DIV -> u / Columns.POW10[s];
            case V_MUL -> u * Columns.NEG_POW10[s];
            case V_DIV32 -> (float) (u / Columns.POW10[s]);
            default -> throw new IllegalArgumentException("tag " + tag);
        };
    }

    /** Order-preserving map of float64 bits to a signed integer (its own inverse). */
    static long sortable(long bits) {
        return bits >= 0 ? bits : bits ^ Long.MAX_VALUE;
    }

    static int sortable(int bits) {
        return bits >= 0 ? bits : bits ^ Integer.MAX_VALUE;
    }

    /**
     * Value prediction in point-major order, mapped onto the current tag's lattice: a point's previous non-null
     * value; for its first, the first value of the latest earlier point whose first value had the same tag; else 0.
     */
    static final class Predictor {
        private final double[] first = new double[256];
        private double prev = Double.NaN;
        private boolean fresh = true;
        { Arrays.fill(first, Double.NaN); }

        void newPoint() {
            fresh = true;
            prev = Double.NaN;
        }

        long predict(int tag) {
            double x = fresh ? first[tag] : prev;
            return Double.isNaN(x) ? 0 : lattice(x, tag);
        }

        void update(double v, int tag) {
            if (fresh) first[tag] = v;
            fresh = false;
            prev = v;
        }
    }

    /**
     * Time prediction in point-major order: a point's first time is predicted by the previous point's first time,
     * its second by its first plus the previous point's first interval, later ones by the last plus the last interval.
     */
    static final class TsPredictor {
        private long groupFirst, groupInterval, last, lastInterval;
        private int k;

        long predict(boolean newGroup) {
            if (newGroup) k = 0;
            return k == 0 ? groupFirst : k == 1 ? last + groupInterval : last + lastInterval;
        }

        void update(long ts) {
            if (k == 0) groupFirst = ts;
            else lastInterval = ts - last;
            if (k == 1) groupInterval = lastInterval;
            last = ts;
            k++;
        }
    }

    /** Reads the columns of {@code seq.length} records whose points index {@code points}. */
    static List<SyncRecord> read(Wire.In in, long[] seq, String[] points) throws SyncFormatException {
        int n = seq.length, d = points.length;
        int[] idx = new int[n];
        Runs pr = new Runs(in, "batch.point", n);
        for (int i = 0, prevIdx = -1; i < n; prevIdx = idx[i], i++) {
            long r = pr.next();
            if (r < 0 || r >= d) throw in.bad("batch.point[" + i + "]: index residual " + r + " outside dictionary of " + d);
            idx[i] = (int) ((prevIdx + 1 + r) % d);
        }
        int[] order = pointMajor(idx, n);
        long ql = in.uv("batch.qualities");
        if (ql < 1 || ql > n) throw in.bad("batch.qualities: dictionary of " + ql + " for " + n + " records");
        String[] quals = new String[(int) ql];
        for (int k = 0; k < quals.length; k++) quals[k] = in.text("batch.qualities[" + k + "]", 256);
        String[] q = new String[n];
        Runs qr = new Runs(in, "batch.quality", quals.length == 1 ? 0 : n);
        for (int j = 0; j < n; j++) {
            long k = quals.length == 1 ? 0 : qr.next();
            if (k < 0 || k >= quals.length) throw in.bad("batch.quality[" + j + "]: index " + k + " outside dictionary");
            q[order[j]] = quals[(int) k];
        }
        long[] ts = new long[n];
        TsPredictor tp = new TsPredictor();
        Runs tr = new Runs(in, "batch.ts", n);
        for (int j = 0; j < n; j++) {
            long t = tp.predict(j == 0 || idx[order[j]] != idx[order[j - 1]]) + unzz(tr.next());
            tp.update(t);
            ts[order[j]] = t;
        }
        int[] tags = new int[n];
        int nv = 0;
        for (int start = 0; start < n; ) {
            int end = groupEnd(order, idx, start, n);
            for (int j = start; j < end; ) {
                int tag = in.u8("batch.tags[" + j + "]");
                int c = tag & 0x07, s = tag >>> 4;
                if (c > V_F32) throw in.bad("batch.tags[" + j + "]: unknown value class " + c);
                if (s != 0 && (c == V_NULL || c == V_F64 || c == V_F32)) throw in.bad("batch.tags[" + j + "]: scale on class " + c);
                long run = (tag & END) != 0 ? end - j : in.uv("batch.tags[" + j + "]: run");
                if (run < 1 || run > end - j - ((tag & END) != 0 ? 0 : 1)) {
                    throw in.bad("batch.tags[" + j + "]: run of " + run + " where " + (end - j) + " records are left");
                }
                Arrays.fill(tags, j, j + (int) run, tag & ~END);
                if (c != V_NULL) nv += (int) run;
                j += (int) run;
            }
            start = end;
        }
        Double[] values = new Double[n];
        Predictor vp = new Predictor();
        Runs vr = new Runs(in, "batch.values", nv);
        for (int j = 0; j < n; j++) {
            if (j == 0 || idx[order[j]] != idx[order[j - 1]]) vp.newPoint();
            if (tags[j] == V_NULL) continue;
            long u = vp.predict(tags[j]) + unzz(vr.next());
            if (tags[j] == V_F32 && (u != (int) u || Float.isNaN(Float.intBitsToFloat(sortable((int) u))))) {
                throw in.bad("batch.values[" + j + "]: " + u + " is not a float32 other than NaN");
            }
            double v = value(u, tags[j]);
            vp.update(v, tags[j]);
            values[order[j]] = v;
        }
        String[] bodies = Columns.readBodies(in, n);
        if (in.remaining() != 0) throw in.bad("batch: " + in.remaining() + " bytes after the last column");
        List<SyncRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(new SyncRecord(seq[i], points[idx[i]], ts[i], values[i], q[i], bodies[i]));
        return out;
    }
}
