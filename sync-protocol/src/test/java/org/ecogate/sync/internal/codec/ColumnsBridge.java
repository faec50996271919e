package org.ecogate.sync.internal.codec;

import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only door to the package-private record columns ({@link Columns} = v1, {@link ColumnsV2}) and
 * {@link Wire#deflate}, for the simulator's ColumnStudy. The point dictionary is built as ColumnarCodec does (order of
 * first appearance). Stateless and thread-safe.
 */
public final class ColumnsBridge {
    private ColumnsBridge() {}

    /** The point dictionary of {@code rs} in order of first appearance; fills {@code idx}. */
    public static String[] dictionary(List<SyncRecord> rs, int[] idx) {
        Map<String, Integer> dict = new HashMap<>();
        List<String> points = new ArrayList<>();
        for (int i = 0; i < rs.size(); i++) {
            idx[i] = dict.computeIfAbsent(rs.get(i).point(), p -> {
                points.add(p);
                return points.size() - 1;
            });
        }
        return points.toArray(new String[0]);
    }

    /** The record columns of {@code rs} as version {@code v} (1 = Columns, 2 = ColumnsV2) writes them. */
    public static byte[] encode(int v, List<SyncRecord> rs) {
        return encode(v, rs, null);
    }

    /**
     * As {@link #encode(int, List)}; for v2, {@code ends} (may be null) receives the end offsets of the sections
     * points, qualities, ts, tags, values, bodies.
     */
    public static byte[] encode(int v, List<SyncRecord> rs, int[] ends) {
        int[] idx = new int[rs.size()];
        String[] points = dictionary(rs, idx);
        Wire.Out o = new Wire.Out(rs.size() * 4);
        if (v == 1) Columns.write(o, rs, idx, points.length);
        else ColumnsV2.write(o, rs, idx, points.length, ends);
        return o.toByteArray();
    }

    /** Decodes columns written by version {@code v} for records of sequence numbers {@code seq}. */
    public static List<SyncRecord> decode(int v, byte[] cols, long[] seq, String[] points) throws SyncFormatException {
        Wire.In in = new Wire.In(cols);
        return v == 1 ? Columns.read(in, seq, points) : ColumnsV2.read(in, seq, points);
    }

    /** Raw deflate as the frame body uses it. */
    public static byte[] deflate(byte[] body, int level) {
        return Wire.deflate(body, level);
    }

    /**
     * End offsets of v1's sections (points, qualities, ts, tags, values, bodies) in {@code cols}, found by walking
     * the bytes as {@link Columns#read} does (no checks: the input is trusted).
     */
    public static int[] sectionsV1(byte[] cols, int n) throws SyncFormatException {
        Wire.In in = new Wire.In(cols);
        int[] ends = new int[6];
        for (int i = 0; i < n; i++) in.uv("p");
        ends[0] = in.pos;
        long qd = in.uv("q");
        for (int k = 0; k < qd; k++) in.text("q", 256);
        if (qd > 1) for (int i = 0; i < n; i++) in.uv("q");
        ends[1] = in.pos;
        for (int i = 0; i < n; i++) in.uv("t");
        ends[2] = in.pos;
        byte[] tags = in.raw(n, "tags");
        ends[3] = in.pos;
        for (byte t : tags) {
            int c = t & 15;
            if (c == Columns.V_RAW) in.u64("v");
            else if (c != Columns.V_NULL) in.uv("v");
        }
        ends[4] = in.pos;
        ends[5] = cols.length;
        return ends;
    }
}
