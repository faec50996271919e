package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.UplinkCursors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQLite cursors of the extra uplinks (tables {@code uplink_cursor}, {@code uplink_gap}), written through the
 * buffer's writer connection under the buffer's lock, so a cursor move and retention never interleave.
 * Thread-safe via that lock. Trap: only uplinks registered since open hold retention back; a cursor row of an
 * uplink removed from the config is kept (it resumes if the uplink comes back) but holds nothing.
 */
final class SqliteCursors implements UplinkCursors {
    private static final Logger log = LoggerFactory.getLogger(SqliteCursors.class);
    private final SqliteBuffer lock;
    private final SqliteWriter w;
    /** uplink -> (streams, age cap) registered since open. */
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();

    private record Registration(Set<String> streams, Duration maxAge) {
    }

    SqliteCursors(SqliteBuffer lock, SqliteWriter w) throws SQLException {
        this.lock = lock;
        this.w = w;
        w.update("CREATE TABLE IF NOT EXISTS uplink_cursor(uplink TEXT NOT NULL, stream TEXT NOT NULL, "
                + "delivered_through INTEGER NOT NULL, PRIMARY KEY(uplink, stream))");
        w.update("CREATE TABLE IF NOT EXISTS uplink_gap(uplink TEXT NOT NULL, stream TEXT NOT NULL, from_seq INTEGER NOT NULL, "
                + "to_seq INTEGER NOT NULL, count INTEGER NOT NULL, from_ts INTEGER NOT NULL, to_ts INTEGER NOT NULL, "
                + "recorded_at INTEGER NOT NULL)");
        w.commit();
    }

    @Override
    public void register(String uplink, Set<String> streams, Duration maxAge) throws BufferException {
        synchronized (lock) {
            try {
                for (String s : streams) {
                    long end = Buffer.READINGS.equals(s) ? w.lastReadingSeq()
                            : w.queryLong("SELECT coalesce(max(last_seq), 0) FROM doc_seq WHERE stream=?", s);
                    w.update("INSERT OR IGNORE INTO uplink_cursor(uplink, stream, delivered_through) VALUES (?,?,?)",
                            uplink, s, end);
                }
                w.commit();
                registered.put(uplink, new Registration(Set.copyOf(streams), maxAge));
            } catch (SQLException e) {
                w.rollback();
                throw new BufferException("buffer " + w.file + ": cursor of uplink " + uplink + " not created: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long position(String uplink, String stream) throws BufferException {
        synchronized (lock) {
            try {
                long v = w.queryLong("SELECT coalesce(max(delivered_through), 0) FROM uplink_cursor WHERE uplink=? AND stream=?",
                        uplink, stream);
                w.commit();
                return v;
            } catch (SQLException e) {
                w.rollback();
                throw new BufferException("buffer " + w.file + ": cursor of uplink " + uplink + " unreadable: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void advance(String uplink, String stream, long through) throws BufferException {
        synchronized (lock) {
            try {
                w.update("UPDATE uplink_cursor SET delivered_through = max(delivered_through, ?) WHERE uplink=? AND stream=?",
                        through, uplink, stream);
                w.commit();
            } catch (SQLException e) {
                w.rollback();
                throw new BufferException("buffer " + w.file + ": cursor of uplink " + uplink + " not moved: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<Gap> gaps(String uplink) throws BufferException {
        synchronized (lock) {
            List<Gap> out = new ArrayList<>();
            try (PreparedStatement ps = w.c.prepareStatement("SELECT stream, from_seq, to_seq, count, from_ts, to_ts, recorded_at "
                    + "FROM uplink_gap WHERE uplink=? ORDER BY recorded_at, from_seq")) {
                ps.setString(1, uplink);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Gap(uplink, rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7)));
                    }
                }
                w.commit();
                return out;
            } catch (SQLException e) {
                w.rollback();
                throw new BufferException("buffer " + w.file + ": gaps of uplink " + uplink + " unreadable: " + e.getMessage(), e);
            }
        }
    }

    /** Lowest cursor of the registered uplinks wanting {@code stream} (Long.MAX_VALUE if none). Under the lock. */
    long heldFrom(String stream) throws SQLException {
        long min = Long.MAX_VALUE;
        for (Map.Entry<String, Registration> e : registered.entrySet()) {
            if (e.getValue().streams().contains(stream)) {
                min = Math.min(min, w.queryLong("SELECT coalesce(max(delivered_through), 0) FROM uplink_cursor "
                        + "WHERE uplink=? AND stream=?", e.getKey(), stream));
            }
        }
        return min;
    }

    /**
     * Age caps (under the lock, in retention's periodic pass): an uplink's undelivered records older than its cap are
     * skipped for that uplink, the skipped range recorded in {@code uplink_gap} in the same transaction.
     */
    void enforceAgeCaps(long now) throws SQLException {
        for (Map.Entry<String, Registration> e : registered.entrySet()) {
            Duration cap = e.getValue().maxAge();
            if (cap.isZero()) continue;
            for (String stream : e.getValue().streams()) {
                String uplink = e.getKey();
                long cur = w.queryLong("SELECT delivered_through FROM uplink_cursor WHERE uplink=? AND stream=?", uplink, stream);
                long cutoff = now - cap.toMillis();
                // only the contiguous prefix of too-old records: a newer record is never skipped
                long[] r = Buffer.READINGS.equals(stream) ? olderReadings(cur, cutoff) : olderDocs(stream, cur, cutoff);
                long count = r[0], from = r[1], to = r[2], fromTs = r[3], toTs = r[4];
                if (to <= cur || count == 0) continue;
                try {
                    w.update("INSERT INTO uplink_gap(uplink, stream, from_seq, to_seq, count, from_ts, to_ts, recorded_at) "
                            + "VALUES (?,?,?,?,?,?,?,?)", uplink, stream, from, to, count, fromTs, toTs, now);
                    w.update("UPDATE uplink_cursor SET delivered_through = max(delivered_through, ?) WHERE uplink=? AND stream=?",
                            to, uplink, stream);
                    w.commit();
                } catch (SQLException ex) {
                    w.rollback();
                    throw ex;
                }
                log.warn("uplink {}: {} {} records seq {}..{} ({} .. {}) older than its age cap {} will not be sent to it: "
                        + "recorded as a gap for this uplink", uplink, count, stream, from, to,
                        java.time.Instant.ofEpochMilli(fromTs), java.time.Instant.ofEpochMilli(toTs), cap);
            }
        }
    }

    /** {count, first seq, last seq to skip, min ts, max ts} of the readings after {@code cur} before the first one not older than cutoff. */
    private long[] olderReadings(long cur, long cutoff) throws SQLException {
        long[] r = {0, 0, 0, Long.MAX_VALUE, Long.MIN_VALUE};
        ReadingBlocks.scan(w.c, cur, (seq, pointId, ts, value, quality) -> {
            if (ts >= cutoff) {
                r[2] = seq - 1;
                return false;
            }
            if (r[0]++ == 0) r[1] = seq;
            r[2] = seq;
            r[3] = Math.min(r[3], ts);
            r[4] = Math.max(r[4], ts);
            return true;
        });
        return r;
    }

    /** As {@link #olderReadings} for a document stream. */
    private long[] olderDocs(String stream, long cur, long cutoff) throws SQLException {
        String table = "doc WHERE stream='" + stream.replace("'", "") + "' AND seq > ? AND ts < ?";
        long firstNew = w.queryLong("SELECT coalesce(min(seq), 0) FROM " + table.replace("ts < ?", "ts >= ?"), cur, cutoff);
        long to = firstNew > 0 ? firstNew - 1
                : w.queryLong("SELECT coalesce(max(seq), 0) FROM " + table.replace(" AND ts < ?", " AND ? = ?"), cur, 0);
        if (to <= cur) return new long[5];
        String range = table.replace("seq > ? AND ts < ?", "seq > ? AND seq <= ?");
        return new long[] {w.queryLong("SELECT count(*) FROM " + range, cur, to), w.queryLong("SELECT min(seq) FROM " + range, cur, to),
                to, w.queryLong("SELECT min(ts) FROM " + range, cur, to), w.queryLong("SELECT max(ts) FROM " + range, cur, to)};
    }
}
