package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The compact columnar body of a batch (content types {@code C} and {@code Z}, PROTOCOL.md "Columnar body"):
 * a per-batch point and quality dictionary, delta-coded sequence numbers and times, values as exact decimal
 * integers delta-coded per point (raw IEEE-754 bits when no exact decimal form exists), optional raw deflate.
 * Decoding validates every length and index against the bytes present and never allocates more than the
 * message can describe. Stateless and thread-safe.
 */
public final class ColumnarCodec {
    /** Value classes (low 4 bits of a value tag; the high 4 bits hold the decimal scale). */
    static final int V_NULL = 0, V_DIV = 1, V_DIV32 = 2, V_MUL = 3, V_RAW = 4;
    static final int F_HISTORICAL = 1, F_CONTIGUOUS = 2, F_LIVE = 4;
    static final int MAX_SCALE = 15;
    private static final double[] POW10 = new double[MAX_SCALE + 1];
    private static final double[] NEG_POW10 = {1, 0.1, 0.01, 0.001, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11,
            1e-12, 1e-13, 1e-14, 1e-15};

    static {
        double p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private ColumnarCodec() {}

    // ---------------------------------------------------------------- encode

    public static byte[] encode(Batch b) {
        List<SyncRecord> rs = b.records();
        int n = rs.size();
        Out o = new Out(64 + n * 6);
        o.str(b.gateway());
        o.zz(b.epoch());
        o.str(b.stream());
        boolean contiguous = b.last() - b.first() == n - 1;
        o.u8((b.historical() ? F_HISTORICAL : 0) | (contiguous ? F_CONTIGUOUS : 0) | (b.live() ? F_LIVE : 0));
        o.uv(b.prev());
        o.uv(n);
        o.uv(b.first() - b.prev());
        if (!contiguous) for (int i = 1; i < n; i++) o.uv(rs.get(i).seq() - rs.get(i - 1).seq());
        // point dictionary in order of first appearance; indices predicted as "previous + 1"
        Map<String, Integer> dict = new HashMap<>();
        List<String> points = new ArrayList<>();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            String p = rs.get(i).point();
            Integer k = dict.get(p);
            if (k == null) {
                k = points.size();
                dict.put(p, k);
                points.add(p);
            }
            idx[i] = k;
        }
        int d = points.size();
        o.uv(d);
        for (String p : points) o.str(p);
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
        // document bodies: a length column (0 = none, else bytes + 1), then the bytes
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
        return o.toByteArray();
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

    /** Raw deflate (no zlib header) of {@code body}. */
    public static byte[] deflate(byte[] body, int level) {
        Deflater def = new Deflater(level, true);
        try {
            def.setInput(body);
            def.finish();
            byte[] buf = new byte[Math.max(64, body.length / 2)];
            int len = 0;
            while (!def.finished()) {
                if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                len += def.deflate(buf, len, buf.length - len);
            }
            return Arrays.copyOf(buf, len);
        } finally {
            def.end();
        }
    }

    /** Inflates raw deflate data, refusing results larger than {@code max} bytes. */
    public static byte[] inflate(byte[] data, int max) throws SyncFormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data);
            byte[] buf = new byte[Math.min(max, Math.max(256, data.length * 4))];
            int len = 0;
            while (!inf.finished()) {
                if (len == buf.length) {
                    if (buf.length >= max) throw new SyncFormatException(Reject.MALFORMED, "body: inflates beyond " + max + " bytes");
                    buf = Arrays.copyOf(buf, (int) Math.min(max, buf.length * 2L));
                }
                int k = inf.inflate(buf, len, buf.length - len);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new SyncFormatException(Reject.MALFORMED, "body: truncated deflate data");
                }
                len += k;
            }
            if (inf.getRemaining() != 0) throw new SyncFormatException(Reject.MALFORMED, "body: bytes after the deflate data");
            return Arrays.copyOf(buf, len);
        } catch (DataFormatException e) {
            throw new SyncFormatException(Reject.MALFORMED, "body: invalid deflate data: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    // ---------------------------------------------------------------- decode

    public static Batch decode(byte[] body) throws SyncFormatException {
        In in = new In(body);
        String gateway = in.name("batch.gateway");
        long epoch = in.zz("batch.epoch");
        String stream = in.name("batch.stream");
        int flags = in.u8("batch.flags");
        if ((flags & ~(F_HISTORICAL | F_CONTIGUOUS | F_LIVE)) != 0) throw in.bad("batch.flags: unknown bits " + flags);
        long prev = in.uv("batch.prev");
        if (prev < 0) throw in.bad("batch.prev: out of range");
        long nl = in.uv("batch.count");
        if (nl < 1 || nl > SyncCodec.MAX_RECORDS) throw in.bad("batch.count: " + nl + " not in 1.." + SyncCodec.MAX_RECORDS);
        int n = (int) nl;
        if (n > in.remaining()) throw in.bad("batch.count: " + n + " records cannot fit in " + in.remaining() + " bytes");
        long[] seq = new long[n];
        long step = in.uv("batch.first");
        if (step < 1) throw in.bad("batch.first: does not follow prev");
        seq[0] = Math.addExact(prev, step);
        boolean contiguous = (flags & F_CONTIGUOUS) != 0;
        for (int i = 1; i < n; i++) {
            long dlt = contiguous ? 1 : in.uv("batch.seq[" + i + "]");
            if (dlt < 1) throw in.bad("batch.seq[" + i + "]: not after the previous seq");
            seq[i] = Math.addExact(seq[i - 1], dlt);
        }
        long dl = in.uv("batch.points");
        if (dl < 1 || dl > n) throw in.bad("batch.points: dictionary of " + dl + " for " + n + " records");
        int d = (int) dl;
        String[] points = new String[d];
        for (int k = 0; k < d; k++) points[k] = in.text("batch.points[" + k + "]", 256);
        int[] idx = new int[n];
        int prevIdx = -1;
        for (int i = 0; i < n; i++) {
            long r = in.uv("batch.point[" + i + "]");
            if (r >= d) throw in.bad("batch.point[" + i + "]: index residual " + r + " outside dictionary of " + d);
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
                if (q >= quals.length) throw in.bad("batch.quality[" + i + "]: index " + q + " outside dictionary");
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
        int hasBody = in.u8("batch.bodies");
        String[] bodies = new String[n];
        if (hasBody > 1) throw in.bad("batch.bodies: flag " + hasBody);
        if (hasBody == 1) {
            long[] lens = new long[n];
            for (int i = 0; i < n; i++) {
                lens[i] = in.uv("batch.bodyLength[" + i + "]");
                if (lens[i] > SyncCodec.MAX_BODY_CHARS * 4L + 1) throw in.bad("batch.body[" + i + "]: too long");
            }
            for (int i = 0; i < n; i++) {
                if (lens[i] == 0) continue;
                String s = in.utf8((int) lens[i] - 1, "batch.body[" + i + "]");
                if (s.length() > SyncCodec.MAX_BODY_CHARS) throw in.bad("batch.body[" + i + "]: longer than " + SyncCodec.MAX_BODY_CHARS);
                bodies[i] = s;
            }
        }
        if (in.remaining() != 0) throw in.bad("batch: " + in.remaining() + " bytes after the last column");
        List<SyncRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new SyncRecord(seq[i], points[idx[i]], ts[i], values[i], quals[qi[i]], bodies[i]));
        }
        return new Batch(Batch.VERSION, gateway, epoch, stream, prev, seq[0], seq[n - 1], out, (flags & F_HISTORICAL) != 0,
                (flags & F_LIVE) != 0);
    }

    // ---------------------------------------------------------------- primitives

    static final class Out {
        byte[] buf;
        int len;

        Out(int cap) {
            buf = new byte[Math.max(16, cap)];
        }

        void ensure(int k) {
            if (len + k > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + k));
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void uv(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void zz(long v) {
            uv((v << 1) ^ (v >> 63));
        }

        void u64(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) buf[len++] = (byte) (v >>> (8 * i));
        }

        void bytes(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uv(b.length);
            bytes(b, 0, b.length);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    static final class In {
        final byte[] b;
        int pos;

        In(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        SyncFormatException bad(String msg) {
            return new SyncFormatException(Reject.MALFORMED, msg);
        }

        int u8(String what) throws SyncFormatException {
            if (pos >= b.length) throw bad(what + ": truncated");
            return b[pos++] & 0xFF;
        }

        long uv(String what) throws SyncFormatException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) throw bad(what + ": truncated");
                int x = b[pos++];
                if (shift == 63 && (x & 0x7E) != 0) throw bad(what + ": varint overflows 64 bits");
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw bad(what + ": varint longer than 10 bytes");
        }

        long zz(String what) throws SyncFormatException {
            long u = uv(what);
            return (u >>> 1) ^ -(u & 1);
        }

        long u64(String what) throws SyncFormatException {
            if (remaining() < 8) throw bad(what + ": truncated");
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (b[pos++] & 0xFF);
            return v;
        }

        byte[] raw(int n, String what) throws SyncFormatException {
            if (remaining() < n) throw bad(what + ": truncated");
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String utf8(int n, String what) throws SyncFormatException {
            if (n < 0 || remaining() < n) throw bad(what + ": truncated");
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw bad(what + ": not valid UTF-8");
            }
        }

        String text(String what, int maxChars) throws SyncFormatException {
            long n = uv(what);
            if (n < 1 || n > maxChars * 4L) throw bad(what + ": length " + n + " outside 1.." + maxChars);
            String s = utf8((int) n, what);
            if (s.length() > maxChars) throw bad(what + ": longer than " + maxChars);
            return s;
        }

        String name(String what) throws SyncFormatException {
            String s = text(what, 64);
            if (!Topics.NAME.matcher(s).matches()) throw bad(what + ": invalid name '" + s + "'");
            return s;
        }
    }
}
