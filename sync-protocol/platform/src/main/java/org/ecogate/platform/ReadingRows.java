package org.ecogate.platform;

import org.ecogate.sync.SyncRecord;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * COPY text lines of {@code ecogate_reading_batch} (see {@link PgSchema}): the readings of one commit, UTC day and lane
 * as arrays — seq as {@code seq0} plus deltas (NULL when contiguous), point ids, millisecond offsets from {@code ts0},
 * values, qualities (NULL when all {@code good}). Stateless; public for the benchmark's raw-COPY baseline.
 * Trap: the records must all be on one UTC day (partitions are by day on {@code ts0}) and in seq order.
 */
public final class ReadingRows {
    /** The COPY statement the lines are for. */
    public static final String COPY = "COPY ecogate_reading_batch (gateway, epoch, stream, lane, ts0, ts1, seq0, n, seq_delta, point, "
            + "ts_ms, value, quality) FROM STDIN";

    private ReadingRows() {}

    /** The first three fields (gateway, epoch, stream) of a line, escaped. */
    public static String prefix(String gateway, long epoch, String stream) {
        return PgSink.esc(gateway) + '\t' + epoch + '\t' + PgSink.esc(stream) + '\t';
    }

    /** Appends one line for {@code rs} (non-empty, one UTC day, seq order) after {@code prefix}. */
    public static void append(StringBuilder sb, String prefix, int lane, List<SyncRecord> rs, Function<String, Integer> pointId) {
        long ts0 = Long.MAX_VALUE, ts1 = Long.MIN_VALUE;
        boolean contiguous = true, allGood = true;
        long seq0 = rs.get(0).seq();
        for (int i = 0; i < rs.size(); i++) {
            SyncRecord r = rs.get(i);
            ts0 = Math.min(ts0, r.ts());
            ts1 = Math.max(ts1, r.ts());
            contiguous &= r.seq() == seq0 + i;
            allGood &= "good".equals(r.quality());
        }
        sb.append(prefix).append(lane).append('\t').append(Instant.ofEpochMilli(ts0)).append('\t').append(Instant.ofEpochMilli(ts1))
                .append('\t').append(seq0).append('\t').append(rs.size()).append('\t');
        if (contiguous) {
            sb.append("\\N");
        } else {
            sb.append('{');
            for (int i = 0; i < rs.size(); i++) sb.append(i == 0 ? "" : ",").append(rs.get(i).seq() - seq0);
            sb.append('}');
        }
        sb.append("\t{");
        for (int i = 0; i < rs.size(); i++) sb.append(i == 0 ? "" : ",").append(pointId.apply(rs.get(i).point()));
        sb.append("}\t{");
        for (int i = 0; i < rs.size(); i++) sb.append(i == 0 ? "" : ",").append(rs.get(i).ts() - ts0);
        sb.append("}\t{");
        for (int i = 0; i < rs.size(); i++) {
            Double v = rs.get(i).value();
            sb.append(i == 0 ? "" : ",").append(v == null ? "NULL" : Double.toString(v));
        }
        sb.append("}\t");
        if (allGood) {
            sb.append("\\N");
        } else {
            StringBuilder a = new StringBuilder("{");
            for (int i = 0; i < rs.size(); i++) {
                a.append(i == 0 ? "\"" : ",\"").append(rs.get(i).quality().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
            sb.append(PgSink.esc(a.append('}').toString()));
        }
        sb.append('\n');
    }
}
