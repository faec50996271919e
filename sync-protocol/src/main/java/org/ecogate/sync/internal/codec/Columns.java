package org.ecogate.sync.internal.codec;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The record columns of a columnar batch body (PROTOCOL.md "Columnar body", from the point residuals to the
 * document bodies): point indices into a dictionary of {@code d} names, qualities, times, values (exact decimal
 * integers delta-coded per point, raw IEEE-754 bits when no exact decimal form exists) and bodies. The caller writes
 * the header, sequence numbers and point dictionary. Stateless and thread-safe.
 */
final class Columns {
    /** Value classes (low 4 bits of a value tag; the high 4 bits hold the decimal scale). */
    static final int V_NULL = 0, V_DIV = 1, V_DIV32 = 2, V_MUL = 3, V_RAW = 4;
    static final int MAX_SCALE = 15;
    static final double[] POW10 = new double[MAX_SCALE + 1];
    static final double[] NEG_POW10 = {1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
            1e-12, 1e-13, 1e-14, 1e-15};

    static {
        double p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Columns() {}

    /** Writes the columns of {@code rs}; {@code idx[i]} is record i's index in a point dictionary of {@code d} names. */
    static void write(Wire.Out o, List<SyncRecord> rs, int[] idx, int d) {
        int n = rs.size();
        int prevIdx = -1;
        for (int i = 0; i < n; i++) {
            int pred = (prevIdx + 1) % d;
            o.uv(Math.floorMod(idx[i] - pred, d));
            prevIdx = idx[i];
        }
        Map<String, Integer> qd = new HashMap<>();
        List<String> quals = new ArrayList<>();
        int[] qi = new int[n];
        for (int i = 0; i < n; i++) {
            String q = rs.get(i).quality();
            Integer k = qd.get(q);
            if (k == null) {
                k = quals.size();
                qd.put(q, k);
                quals.add(q);
            }
            qi[i] = k;
        }
        o.uv(quals.size());
        for (String q : quals) o.str(q);
        if (quals.size() > 1) for (int i = 0; i < n; i++) o.uv(qi[i]);
        long prevTs = 0;
        for (int i = 0; i < n; i++) {
            long ts = rs.get(i).ts();
            o.zz(ts - prevTs);
            prevTs = ts;
        }
        // values: a tag column, then the value column
        byte[] tags = new byte[n];
        long[] ints = new long[n];
        for (int i = 0; i < n; i++) {
            Double v = rs.get(i).value();
            int t = classify(v == null ? 0 : v, v == null, ints, i);
            tags[i] = (byte) t;
        }
        o.bytes(tags, 0, n);
        long[] prevInt = new long[d];
        for (int i = 0; i < n; i++) {
            int cls = tags[i] & 0x0F;
            if (cls == V_DIV || cls == V_DIV32 || cls == V_MUL) {
                o.zz(ints[i] - prevInt[idx[i]]);
                prevInt[idx[i]] = ints[i];
            } else if (cls == V_RAW) {
                o.u64(ints[i]);
            }
        }
        writeBodies(o, rs);
    }

    /** Chooses the value class of {@code v}; stores the integer (or raw bits) in {@code ints[i]}. */
    static int classify(double v, boolean isNull, long[] ints, int i) {
        if (isNull) return V_NULL;
        long bits = Double.doubleToRawLongBits(v);
        if (!Double.isNaN(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15 && bits != Long.MIN_VALUE) {
            for (int s = 0; s <= MAX_SCALE; s++) {
                double x = v * POW10[s];
                if (Math.abs(x) >= 9.0e15) break;
                long u = Math.round(x);
                if (Double.doubleToRawLongBits(u / POW10[s]) == bits) {
                    ints[i] = u;
                    return V_DIV | s << 4;
                }
                if (Double.doubleToRawLongBits(u * NEG_POW10[s]) == bits) {
                    ints[i] = u;
                    return V_MUL | s << 4;
                }
            }
            float f = (float) v;
            if (Double.doubleToRawLongBits(f) == bits) {
                for (int s = 0; s <= MAX_SCALE; s++) {
                    double x = (double) f * POW10[s];
                    if (Math.abs(x) >= 9.0e15) break;
                    long u = Math.round(x);
                    if (Float.floatToRawIntBits((float) (u / POW10[s])) == Float.floatToRawIntBits(f)) {
                        ints[i] = u;
                        return V_DIV32 | s << 4;
                    }
                }
            }
        }
        ints[i] = bits;
        return V_RAW;
    }

    /** Reads the columns of {@code seq.length} records whose points index {@code points}. */
    static List<SyncRecord> read(Wire.In in, long[] seq, String[] points) throws org.ecogate.sync.SyncFormatException {
        int n = seq.length;
        int d = points.length;
        int[] idx = new int[n];
        int prevIdx = -1;
        for (int i = 0; i < n; i++) {
            long r = in.uv("batch.point[" + i + "]");
            if (r < 0 || r >= d) throw in.bad("batch.point[" + i + "]: index residual " + r + " outside dictionary of " + d);
            idx[i] = (int) ((prevIdx + 1 + r) % d);
            prevIdx = idx[i];
        }
        long ql = in.uv("batch.qualities");
        if (ql < 1 || ql > n) throw in.bad("batch.qualities: dictionary of " + ql + " for " + n + " records");
        String[] quals = new String[(int) ql];
        for (int k = 0; k < quals.length; k++) quals[k] = in.text("batch.qualities[" + k + "]", 256);
        int[] qi = new int[n];
        if (quals.length > 1) {
            for (int i = 0; i < n; i++) {
                long q = in.uv("batch.quality[" + i + "]");
                if (q < 0 || q >= quals.length) throw in.bad("batch.quality[" + i + "]: index " + q + " outside dictionary");
                qi[i] = (int) q;
            }
        }
        long[] ts = new long[n];
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += in.zz("batch.ts[" + i + "]");
            ts[i] = t;
        }
        byte[] tags = in.raw(n, "batch.tags");
        Double[] values = new Double[n];
        long[] prevInt = new long[d];
        for (int i = 0; i < n; i++) {
            int cls = tags[i] & 0x0F;
            int s = (tags[i] & 0xFF) >>> 4;
            switch (cls) {
                case V_NULL, V_RAW -> {
                    if (s != 0) throw in.bad("batch.tags[" + i + "]: scale on a " + (cls == V_NULL ? "null" : "raw") + " value");
                    if (cls == V_RAW) values[i] = Double.longBitsToDouble(in.u64("batch.values[" + i + "]"));
                }
                case V_DIV, V_DIV32, V_MUL -> {
                    long u = prevInt[idx[i]] + in.zz("batch.values[" + i + "]");
                    prevInt[idx[i]] = u;
                    values[i] = cls == V_DIV ? u / POW10[s] : cls == V_MUL ? u * NEG_POW10[s] : (double) (float) (u / POW10[s]);
                }
                default -> throw in.bad("batch.tags[" + i + "]: unknown value class " + cls);
            }
        }
        String[] bodies = readBodies(in, n);
        if (in.remaining() != 0) throw in.bad("batch: " + in.remaining() + " bytes after the last column");
        List<SyncRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new SyncRecord(seq[i], points[idx[i]], ts[i], values[i], quals[qi[i]], bodies[i]));
        }
        return out;
    }

    /** Writes the document bodies column of {@code rs} (record order). */
    static void writeBodies(Wire.Out o, List<SyncRecord> rs) {
        int n = rs.size();
        boolean anyBody = false;
        for (SyncRecord r : rs) anyBody |= r.body() != null;
        o.u8(anyBody ? 1 : 0);
        if (anyBody) {
            byte[][] bodies = new byte[n][];
            for (int i = 0; i < n; i++) {
                String body = rs.get(i).body();
                bodies[i] = body == null ? null : body.getBytes(StandardCharsets.UTF_8);
                o.uv(bodies[i] == null ? 0 : bodies[i].length + 1L);
            }
            for (byte[] bb : bodies) if (bb != null) o.bytes(bb, 0, bb.length);
        }
    }

    /** The document bodies column (4.2, 13.3.1): a presence byte, lengths + 1 (0 = none), the UTF-8 bytes. */
    static String[] readBodies(Wire.In in, int n) throws SyncFormatException {
        int hasBody = in.u8("batch.bodies");
        String[] bodies = new String[n];
        if (hasBody > 1) throw in.bad("batch.bodies: flag " + hasBody);
        if (hasBody == 1) {
            long[] lens = new long[n];
            for (int i = 0; i < n; i++) {
                lens[i] = in.uv("batch.bodyLength[" + i + "]");
                if (lens[i] < 0 || lens[i] > SyncCodec.MAX_BODY_CHARS * 4L + 1) throw in.bad("batch.body[" + i + "]: too long");
            }
            for (int i = 0; i < n; i++) {
                if (lens[i] == 0) continue;
                String s = in.utf8((int) lens[i] - 1, "batch.body[" + i + "]");
                if (s.length() > SyncCodec.MAX_BODY_CHARS) throw in.bad("batch.body[" + i + "]: longer than " + SyncCodec.MAX_BODY_CHARS);
                bodies[i] = s;
            }
        }
        return bodies;
    }

    /** The sequence numbers of a batch body: {@code prev}, and the records' seqs, strictly increasing above it. */
    record Seqs(long prev, long[] seq) {}

    /** Writes prev, the count, first - prev and (unless {@code contiguous}) the seq steps (PROTOCOL.md 4.2, 13.3). */
    static void writeSeqs(Wire.Out o, List<SyncRecord> rs, long prev, boolean contiguous) {
        int n = rs.size();
        o.uv(prev);
        o.uv(n);
        o.uv(rs.get(0).seq() - prev);
        if (!contiguous) for (int i = 1; i < n; i++) o.uv(rs.get(i).seq() - rs.get(i - 1).seq());
    }

    /** Reads what {@link #writeSeqs} wrote; n is bounded by the record limit, every step checked. */
    static Seqs readSeqs(Wire.In in, boolean contiguous) throws SyncFormatException {
        long prev = in.uv("batch.prev");
        if (prev < 0) throw in.bad("batch.prev: out of range");
        long nl = in.uv("batch.count");
        if (nl < 1 || nl > SyncCodec.MAX_RECORDS) throw in.bad("batch.count: " + nl + " not in 1.." + SyncCodec.MAX_RECORDS);
        int n = (int) nl;
        long[] seq = new long[n];
        long step = in.uv("batch.first");
        if (step < 1) throw in.bad("batch.first: does not follow prev");
        seq[0] = Math.addExact(prev, step);
        for (int i = 1; i < n; i++) {
            long dlt = contiguous ? 1 : in.uv("batch.seq[" + i + "]");
            if (dlt < 1) throw in.bad("batch.seq[" + i + "]: not after the previous seq");
            seq[i] = Math.addExact(seq[i - 1], dlt);
        }
        return new Seqs(prev, seq);
    }
}
