package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Batch;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact columnar body of a batch (content types {@code C} and {@code Z}, PROTOCOL.md "Columnar body"):
 * a per-batch point and quality dictionary, delta-coded sequence numbers and times, values as exact decimal
 * integers delta-coded per point (raw IEEE-754 bits when no exact decimal form exists), optional raw deflate.
 * Decoding validates every length and index against the bytes present and never allocates more than the
 * message can describe. Stateless and thread-safe.
 */
public final class ColumnarCodec {
    static final int F_HISTORICAL = 1, F_CONTIGUOUS = 2, F_LIVE = 4;

    private ColumnarCodec() {}

    // ---------------------------------------------------------------- encode

    public static byte[] encode(Batch b) {
        List<SyncRecord> rs = b.records();
        int n = rs.size();
        Wire.Out o = new Wire.Out(64 + n * 6);
        o.str(b.gateway());
        o.zz(b.epoch());
        o.str(b.stream());
        boolean contiguous = b.last() - b.first() == n - 1;
        o.u8((b.historical() ? F_HISTORICAL : 0) | (contiguous ? F_CONTIGUOUS : 0) | (b.live() ? F_LIVE : 0));
        Columns.writeSeqs(o, rs, b.prev(), contiguous);
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
        Columns.write(o, rs, idx, d);
        return o.toByteArray();
    }

    // ---------------------------------------------------------------- decode

    public static Batch decode(byte[] body) throws SyncFormatException {
        Wire.In in = new Wire.In(body);
        String gateway = in.name("batch.gateway");
        long epoch = in.zz("batch.epoch");
        String stream = in.name("batch.stream");
        int flags = in.u8("batch.flags");
        if ((flags & ~(F_HISTORICAL | F_CONTIGUOUS | F_LIVE)) != 0) throw in.bad("batch.flags: unknown bits " + flags);
        Columns.Seqs sq = Columns.readSeqs(in, (flags & F_CONTIGUOUS) != 0);
        long prev = sq.prev();
        long[] seq = sq.seq();
        int n = seq.length;
        if (n > in.remaining()) throw in.bad("batch.count: " + n + " records cannot fit in " + in.remaining() + " bytes");
        long dl = in.uv("batch.points");
        if (dl < 1 || dl > n) throw in.bad("batch.points: dictionary of " + dl + " for " + n + " records");
        int d = (int) dl;
        String[] points = new String[d];
        for (int k = 0; k < d; k++) points[k] = in.text("batch.points[" + k + "]", 256);
        List<SyncRecord> out = Columns.read(in, seq, points);
        return new Batch(Batch.VERSION, gateway, epoch, stream, prev, seq[0], seq[n - 1], out, (flags & F_HISTORICAL) != 0,
                (flags & F_LIVE) != 0);
    }
}
