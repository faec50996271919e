package org.ecogate.platform;

import org.ecogate.sync.SyncRecord;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Rows of {@code ecogate_reading_batch} (see {@link PgSchema}): the readings of one commit, UTC day and lane as arrays —
 * seq as {@code seq0} plus deltas (NULL when contiguous), point ids, millisecond offsets from {@code ts0}, values,
 * qualities (NULL when all {@code good}) — as array literals ({@link Row}, bound by {@link PgSink}) or as COPY text lines
 * (the benchmark's raw-COPY baseline and plant day). Stateless. Trap: the records must all be on one UTC day (partitions
 * are by day on {@code ts0}) and in seq order.
 */
public final class ReadingRows {
    /** The COPY statement the lines are for. */
    public static final String COPY = "COPY ecogate_reading_batch (gateway, epoch, stream, lane, ts0, ts1, seq0, n, seq_delta, point, "
            + "ts_ms, value, quality) FROM STDIN";

    /**
     * One row after (gateway, epoch, stream): times in epoch milliseconds, the arrays as PostgreSQL array literals
     * ({@code seqDelta}, {@code quality}: null for SQL NULL).
     */
    public record Row(int lane, long ts0, long ts1, long seq0, int n, String seqDelta, String point, String tsMs, String value, String quality) {}

    private ReadingRows() {}

    /** The first three fields (gateway, epoch, stream) of a COPY line, escaped. */
    public static String prefix(String gateway, long epoch, String stream) {
        return PgSink.esc(gateway) + '\t' + epoch + '\t' + PgSink.esc(stream) + '\t';
    }

    /** The row of {@code rs} (non-empty, one UTC day, seq order). */
    public static Row row(int lane, List<SyncRecord> rs, Function<String, Integer> pointId) {
        int n = rs.size();
        long ts0 = Long.MAX_VALUE, ts1 = Long.MIN_VALUE;
        boolean contiguous = true, allGood = true;
        long seq0 = rs.get(0).seq();
        for (int i = 0; i < n; i++) {
            SyncRecord r = rs.get(i);
            ts0 = Math.min(ts0, r.ts());
            ts1 = Math.max(ts1, r.ts());
            contiguous &= r.seq() == seq0 + i;
            allGood &= "good".equals(r.quality());
        }
        StringBuilder delta = contiguous ? null : new StringBuilder(n * 4).append('{');
        StringBuilder points = new StringBuilder(n * 3).append('{');
        StringBuilder ms = new StringBuilder(n * 4).append('{');
        StringBuilder values = new StringBuilder(n * 7).append('{');
        StringBuilder quality = allGood ? null : new StringBuilder(n * 7).append('{');
        for (int i = 0; i < n; i++) { // one pass, one builder per array
            SyncRecord r = rs.get(i);
            if (i > 0) {
                if (delta != null) delta.append(',');
                points.append(',');
                ms.append(',');
                values.append(',');
                if (quality != null) quality.append(',');
            }
            if (delta != null) delta.append(r.seq() - seq0);
            points.append(pointId.apply(r.point()).intValue());
            ms.append(r.ts() - ts0);
            Double v = r.value();
            if (v == null) values.append("NULL");
            else decimal(values, v);
            if (quality != null) quality.append('"').append(r.quality().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return new Row(lane, ts0, ts1, seq0, n, delta == null ? null : delta.append('}').toString(), points.append('}').toString(),
                ms.append('}').toString(), values.append('}').toString(), quality == null ? null : quality.append('}').toString());
    }

    private static final double[] POW10 = {1, 10, 100, 1000, 10_000};

    /**
     * Appends {@code v} so that PostgreSQL reads back exactly {@code v}: a value with at most 4 decimals (as measured
     * values mostly are) as those digits — the shortest text, cheap to print and to parse — else {@link Double#toString}.
     * Exact because {@code r / 10^k} is the double nearest to the decimal r·10^-k (IEEE division rounds correctly).
     */
    static void decimal(StringBuilder sb, double v) {
        if (Double.doubleToRawLongBits(v) != Long.MIN_VALUE) { // not -0.0
            for (int k = 0; k < POW10.length; k++) {
                double r = Math.rint(v * POW10[k]);
                if (Math.abs(r) < 1e15 && r / POW10[k] == v) {
                    long l = (long) r;
                    if (l < 0) {
                        sb.append('-');
                        l = -l;
                    }
                    long p = (long) POW10[k];
                    sb.append(l / p);
                    if (k > 0) {
                        String frac = Long.toString(l % p + p); // leading 1 keeps the fraction's zeros
                        sb.append('.').append(frac, 1, frac.length());
                    }
                    return;
                }
            }
        }
        sb.append(v);
    }

    /** Appends one COPY text line for {@code rs} (non-empty, one UTC day, seq order) after {@code prefix}. */
    public static void append(StringBuilder sb, String prefix, int lane, List<SyncRecord> rs, Function<String, Integer> pointId) {
        Row r = row(lane, rs, pointId);
        sb.append(prefix).append(lane).append('\t').append(Instant.ofEpochMilli(r.ts0())).append('\t').append(Instant.ofEpochMilli(r.ts1()))
                .append('\t').append(r.seq0()).append('\t').append(r.n()).append('\t').append(r.seqDelta() == null ? "\\N" : r.seqDelta())
                .append('\t').append(r.point()).append('\t').append(r.tsMs()).append('\t').append(r.value()).append('\t')
                .append(r.quality() == null ? "\\N" : PgSink.esc(r.quality())).append('\n');
    }
}
