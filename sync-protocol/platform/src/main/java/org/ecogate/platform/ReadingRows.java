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
        StringBuilder sb = new StringBuilder(n * 8);
        String delta = null;
        if (!contiguous) {
            sb.append('{');
            for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(rs.get(i).seq() - seq0);
            delta = sb.append('}').toString();
        }
        sb.setLength(0);
        sb.append('{');
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(pointId.apply(rs.get(i).point()).intValue());
        String points = sb.append('}').toString();
        sb.setLength(0);
        sb.append('{');
        for (int i = 0; i < n; i++) sb.append(i == 0 ? "" : ",").append(rs.get(i).ts() - ts0);
        String ms = sb.append('}').toString();
        sb.setLength(0);
        sb.append('{');
        for (int i = 0; i < n; i++) {
            Double v = rs.get(i).value();
            if (i > 0) sb.append(',');
            if (v == null) sb.append("NULL");
            else sb.append(v.doubleValue());
        }
        String values = sb.append('}').toString();
        String quality = null;
        if (!allGood) {
            sb.setLength(0);
            sb.append('{');
            for (int i = 0; i < n; i++) {
                sb.append(i == 0 ? "\"" : ",\"").append(rs.get(i).quality().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            quality = sb.append('}').toString();
        }
        return new Row(lane, ts0, ts1, seq0, n, delta, points, ms, values, quality);
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
