package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.model.Reading;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Buffered readings as {@code reading_block} rows (one per grouped commit, seqs first_seq..first_seq+n-1, packed by
 * {@link BlockCodec}); every reader of readings goes through {@link #scan}. Stateless, thread-safe (caller's connection).
 * Trap: an old row-per-reading table is moved in at open, oldest first ({@link #migrate}); until then its rows all have
 * higher seqs than the blocks, so {@link #scan} reads the blocks first, then those rows.
 */
public final class ReadingBlocks {
    /** Readings per block at most: a grouped commit with more is written as several blocks. */
    static final int MAX_READINGS = 4096;
    static final String DDL = "CREATE TABLE IF NOT EXISTS reading_block(first_seq INTEGER PRIMARY KEY, n INTEGER NOT NULL, "
            + "ts_min INTEGER NOT NULL, ts_max INTEGER NOT NULL, data BLOB NOT NULL)";
    private static final String LEGACY = "reading";
    static final String BLOCKS = "reading_block";
    private static final int MIGRATE_CHUNK = 50_000;

    private ReadingBlocks() {}

    /** Receives readings in seq order; false stops the scan. */
    @FunctionalInterface
    public interface Visitor {
        boolean reading(long seq, long pointId, long ts, Double value, int quality) throws SQLException;
    }

    /** Writes {@code readings} (seqs firstSeq.., point ids alongside) as blocks in the caller's transaction. */
    static void write(Connection c, long firstSeq, List<Reading> readings, long[] pointIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading_block(first_seq, n, ts_min, ts_max, data) VALUES (?,?,?,?,?)")) {
            for (int from = 0; from < readings.size(); from += MAX_READINGS) {
                List<Reading> part = readings.subList(from, Math.min(readings.size(), from + MAX_READINGS));
                long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
                for (Reading r : part) {
                    min = Math.min(min, r.ts());
                    max = Math.max(max, r.ts());
                }
                BlockCodec.Encoder e = new BlockCodec.Encoder(min);
                for (int i = 0; i < part.size(); i++) {
                    Reading r = part.get(i);
                    e.add(pointIds[from + i], r.ts(), r.value(), r.quality().ordinal());
                }
                ps.setLong(1, firstSeq + from);
                ps.setInt(2, part.size());
                ps.setLong(3, min);
                ps.setLong(4, max);
                ps.setBytes(5, e.finish());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Every reading with seq &gt; {@code afterSeq}, in seq order, until the visitor says stop. */
    public static void scan(Connection c, long afterSeq, Visitor v) throws SQLException {
        if (!scanBlocks(c, afterSeq, Long.MAX_VALUE, v)) return;
        if (!hasLegacy(c)) return;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, point_id, ts, value, quality FROM reading WHERE seq > ? ORDER BY seq")) {
            ps.setLong(1, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double d = rs.getDouble(4);
                    Double value = rs.wasNull() ? null : d;
                    if (!v.reading(rs.getLong(1), rs.getLong(2), rs.getLong(3), value, rs.getInt(5))) return;
                }
            }
        }
    }

    /** The blocks' readings with afterSeq &lt; seq &lt;= throughSeq; false when the visitor stopped. */
    private static boolean scanBlocks(Connection c, long afterSeq, long throughSeq, Visitor v) throws SQLException {
        if (!hasTable(c, BLOCKS)) return true; // a file of the old layout opened read-only (buffer export)
        boolean[] stopped = {false};
        try (PreparedStatement ps = c.prepareStatement("SELECT first_seq, n, ts_min, data FROM reading_block WHERE first_seq >= "
                + "(SELECT coalesce(max(first_seq), 0) FROM reading_block WHERE first_seq <= ?) AND first_seq <= ? ORDER BY first_seq")) {
            ps.setLong(1, afterSeq + 1);
            ps.setLong(2, throughSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && !stopped[0]) {
                    long first = rs.getLong(1);
                    int n = rs.getInt(2);
                    if (first + n - 1 <= afterSeq) continue;
                    BlockCodec.decode(rs.getBytes(4), n, rs.getLong(3), (i, pointId, ts, value, quality) -> {
                        long seq = first + i;
                        if (seq > throughSeq) return false;
                        if (seq <= afterSeq) return true;
                        stopped[0] = !v.reading(seq, pointId, ts, value, quality);
                        return !stopped[0];
                    });
                }
            }
        }
        return !stopped[0];
    }

    /** {readings, highest seq, readings with seq &gt; acked} of the file (blocks and not yet moved rows). */
    static long[] counts(Connection c, long acked) throws SQLException {
        long[] out = new long[3];
        if (!hasTable(c, BLOCKS)) return legacyCounts(c, acked, out);
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(n), 0), coalesce(max(first_seq + n - 1), 0) FROM reading_block")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out[0] = rs.getLong(1);
                out[1] = rs.getLong(2);
            }
        }
        // blocks are whole seq runs: those past the ack count whole, the one holding it counts its part past it
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(CASE WHEN first_seq > ? THEN n ELSE first_seq + n - 1 - ? END), 0) "
                + "FROM reading_block WHERE first_seq > (SELECT coalesce(max(first_seq), 0) FROM reading_block WHERE first_seq <= ?) - 1 "
                + "AND first_seq + n - 1 > ?")) {
            ps.setLong(1, acked);
            ps.setLong(2, acked);
            ps.setLong(3, acked);
            ps.setLong(4, acked);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                out[2] = rs.getLong(1);
            }
        }
        return legacyCounts(c, acked, out);
    }

    private static long[] legacyCounts(Connection c, long acked, long[] out) throws SQLException {
        if (hasLegacy(c)) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(max(seq), 0), "
                    + "coalesce(sum(seq > ?), 0) FROM reading")) {
                ps.setLong(1, acked);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out[0] += rs.getLong(1);
                    out[1] = Math.max(out[1], rs.getLong(2));
                    out[2] += rs.getLong(3);
                }
            }
        }
        return out;
    }

    /** Time of the first reading with seq &gt; {@code afterSeq}, 0 if none. */
    static long firstTsAfter(Connection c, long afterSeq) throws SQLException {
        long[] ts = {0};
        scan(c, afterSeq, (seq, pointId, t, value, quality) -> {
            ts[0] = t;
            return false;
        });
        return ts[0];
    }

    /** What a drop of seqs from..to removes: {count, first seq, last seq, min ts, max ts} (zeros if none). */
    static long[] range(Connection c, long from, long to) throws SQLException {
        long[] r = {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        scanBlocks(c, from - 1, to, (seq, pointId, ts, value, quality) -> {
            if (r[0]++ == 0) r[1] = seq;
            r[2] = seq;
            r[3] = Math.min(r[3], ts);
            r[4] = Math.max(r[4], ts);
            return true;
        });
        if (r[0] == 0) return new long[5];
        return r;
    }

    static boolean hasLegacy(Connection c) throws SQLException {
        return hasTable(c, LEGACY);
    }

    static boolean hasTable(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Moves the rows of the row-per-reading layout into blocks (runs of consecutive seqs), oldest first, a chunk per
     * transaction, then drops that table; the seq high-water mark is saved first (the dropped table's AUTOINCREMENT
     * counter goes with it). Returns how many readings were moved.
     */
    static long migrate(SqliteWriter w) throws SQLException {
        Connection c = w.c;
        if (!hasLegacy(c)) return 0;
        SqliteWriter.saveSeqMark(c, SqliteWriter.lastReadingSeq(c));
        w.commit();
        long moved = 0;
        while (true) {
            java.util.ArrayList<long[]> ids = new java.util.ArrayList<>();
            java.util.ArrayList<Reading> rows = new java.util.ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT seq, point_id, ts, value, quality FROM reading ORDER BY seq LIMIT " + MIGRATE_CHUNK)) {
                while (rs.next()) {
                    double d = rs.getDouble(4);
                    Double value = rs.wasNull() ? null : d;
                    ids.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    rows.add(new Reading("", rs.getLong(3), value, org.ecogate.agent.model.Quality.values()[rs.getInt(5)]));
                }
            }
            if (rows.isEmpty()) break;
            long[] pointIds = new long[rows.size()];
            for (int k = 0; k < pointIds.length; k++) pointIds[k] = ids.get(k)[1];
            int start = 0;
            for (int i = 1; i <= rows.size(); i++) {
                if (i == rows.size() || ids.get(i)[0] != ids.get(i - 1)[0] + 1) { // a run of consecutive seqs
                    write(c, ids.get(start)[0], rows.subList(start, i), java.util.Arrays.copyOfRange(pointIds, start, i));
                    start = i;
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM reading WHERE seq <= ?")) {
                del.setLong(1, ids.get(ids.size() - 1)[0]);
                del.executeUpdate();
            }
            w.commit();
            moved += rows.size();
        }
        try (Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE reading");
        }
        w.commit();
        return moved;
    }
}
