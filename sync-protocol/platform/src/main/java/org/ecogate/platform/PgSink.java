package org.ecogate.platform;

import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.Sink;
import org.ecogate.sync.SinkException;
import org.ecogate.sync.StreamKey;
import org.ecogate.sync.SyncRecord;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The platform's store in PostgreSQL ({@link PgSchema}): each commit locks the stream's row
 * ({@code SELECT ... FOR UPDATE}), checks it still holds the range the receiver decided on, COPYs the readings as one
 * array row per UTC day and lane into the day-partitioned {@code ecogate_reading_batch} (documents into their own
 * table) and moves the watermark/live range, all in one transaction. Thread-safe: each call borrows its own connection. Trap: a commit refused because another receiver
 * moved the stream returns false and stores nothing; the receiver decides again.
 */
public final class PgSink implements Sink, AutoCloseable {
    private final PgConnections pool;
    private final PgSchema schema = new PgSchema();
    private final OutageNotice notices;
    /** Point name to its id in {@code ecogate_point} (names are never renamed or deleted, so the cache stays right). */
    private final java.util.Map<String, Integer> points = new java.util.concurrent.ConcurrentHashMap<>();

    /** Opens the store at {@code pool}, creating the schema if needed. */
    public PgSink(PgConnections pool) throws SinkException {
        this(pool, null);
    }

    /**
     * Like {@link #PgSink(PgConnections)}; with {@code notices}, every outage event stored also queues its notice in
     * {@code ecogate_notice} in the same transaction (once per event id and status), for a {@link NoticeDispatcher}.
     */
    public PgSink(PgConnections pool, OutageNotice notices) throws SinkException {
        this.pool = pool;
        this.notices = notices;
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            schema.create(c);
            broken = false;
        } catch (SQLException e) {
            throw failed("create the schema", e);
        } finally {
            pool.release(c, broken);
        }
    }

    private SinkException failed(String what, Exception e) {
        return new SinkException("PostgreSQL " + pool + ": cannot " + what + ": " + e.getMessage(), e);
    }

    @Override
    public CommittedRange committed(StreamKey k) throws SinkException {
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            try (PreparedStatement ps = c.prepareStatement("SELECT committed_through, live_after, live_through FROM ecogate_stream "
                    + "WHERE gateway=? AND epoch=? AND stream=?")) {
                CommittedRange r = read(ps, k);
                broken = false;
                return r;
            }
        } catch (SQLException e) {
            throw failed("read the watermark of " + k, e);
        } finally {
            pool.release(c, broken);
        }
    }

    private static CommittedRange read(PreparedStatement ps, StreamKey k) throws SQLException {
        ps.setString(1, k.gateway());
        ps.setLong(2, k.epoch());
        ps.setString(3, k.stream());
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new CommittedRange(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : CommittedRange.NONE;
        }
    }

    @Override
    public boolean keepsLiveRange() {
        return true;
    }

    @Override
    public boolean commit(Commit cm) throws SinkException {
        StreamKey k = cm.key();
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            TreeSet<LocalDate> days = new TreeSet<>();
            for (SyncRecord r : cm.records()) if (r.body() == null) days.add(PgSchema.day(r.ts()));
            for (LocalDate d : days) schema.ensurePartition(c, d);
            resolvePoints(c, cm);
            c.setAutoCommit(false);
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO ecogate_stream(gateway, epoch, stream) VALUES (?,?,?) ON CONFLICT DO NOTHING");
                 PreparedStatement lock = c.prepareStatement("SELECT committed_through, live_after, live_through FROM ecogate_stream "
                         + "WHERE gateway=? AND epoch=? AND stream=? FOR UPDATE")) {
                ins.setString(1, k.gateway());
                ins.setLong(2, k.epoch());
                ins.setString(3, k.stream());
                ins.executeUpdate();
                if (!read(lock, k).equals(cm.expected())) { // another receiver moved the stream since we read it
                    c.rollback();
                    broken = false;
                    return false;
                }
            }
            copy(c, cm);
            if (notices != null) queueNotices(c, cm);
            long newest = Long.MIN_VALUE;
            for (SyncRecord r : cm.records()) newest = Math.max(newest, r.ts());
            try (PreparedStatement up = c.prepareStatement("UPDATE ecogate_stream SET committed_through=?, live_after=?, live_through=?, "
                    + "updated_at=now(), newest_ts=GREATEST(newest_ts, ?) WHERE gateway=? AND epoch=? AND stream=?")) {
                up.setLong(1, cm.next().watermark());
                up.setLong(2, cm.next().liveAfter());
                up.setLong(3, cm.next().liveThrough());
                up.setTimestamp(4, newest == Long.MIN_VALUE ? null : new java.sql.Timestamp(newest));
                up.setString(5, k.gateway());
                up.setLong(6, k.epoch());
                up.setString(7, k.stream());
                up.executeUpdate();
            }
            c.commit();
            broken = false;
            return true;
        } catch (SQLException | IOException e) {
            throw failed("commit " + cm.records().size() + " records of " + k, e);
        } finally {
            pool.release(c, broken);
        }
    }

    /**
     * COPY of the commit's readings, one row per (UTC day, lane) with the records as arrays, and of its documents
     * (text format). Point names are ids of {@code ecogate_point}, resolved before the transaction.
     */
    private void copy(Connection c, Commit cm) throws SQLException, IOException {
        StringBuilder rows = new StringBuilder();
        StringBuilder docs = new StringBuilder();
        StreamKey k = cm.key();
        String prefix = esc(k.gateway()) + '\t' + k.epoch() + '\t' + esc(k.stream()) + '\t';
        java.util.Map<String, java.util.List<SyncRecord>> groups = new java.util.TreeMap<>();
        for (SyncRecord r : cm.records()) {
            if (r.body() == null) {
                groups.computeIfAbsent(PgSchema.day(r.ts()) + (cm.onLiveLane(r) ? "/1" : "/0"), g -> new java.util.ArrayList<>()).add(r);
                continue;
            }
            docs.append(prefix).append(r.seq()).append('\t').append(esc(r.point())).append('\t').append(Instant.ofEpochMilli(r.ts()))
                    .append('\t').append(esc(r.quality())).append('\t').append(esc(r.body())).append('\t')
                    .append(cm.onLiveLane(r) ? 1 : 0).append('\n');
        }
        for (java.util.Map.Entry<String, java.util.List<SyncRecord>> g : groups.entrySet()) {
            ReadingRows.append(rows, prefix, g.getKey().endsWith("/1") ? 1 : 0, g.getValue(), points::get);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        if (rows.length() > 0) {
            pg.getCopyAPI().copyIn(ReadingRows.COPY, new StringReader(rows.toString()));
        }
        if (docs.length() > 0) {
            pg.getCopyAPI().copyIn("COPY ecogate_document (gateway, epoch, stream, seq, key, ts, quality, body, lane) FROM STDIN",
                    new StringReader(docs.toString()));
        }
    }

    /** Makes sure every point name of {@code cm} has an id in {@code ecogate_point} (autocommit; cached). */
    private void resolvePoints(Connection c, Commit cm) throws SQLException {
        java.util.Set<String> missing = new java.util.LinkedHashSet<>();
        for (SyncRecord r : cm.records()) if (r.body() == null && !points.containsKey(r.point())) missing.add(r.point());
        if (missing.isEmpty()) return;
        java.sql.Array names = c.createArrayOf("text", missing.toArray());
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO ecogate_point(name) SELECT unnest(?) ORDER BY 1 ON CONFLICT DO NOTHING");
             PreparedStatement sel = c.prepareStatement("SELECT id, name FROM ecogate_point WHERE name = ANY(?)")) {
            ins.setArray(1, names);
            ins.executeUpdate();
            sel.setArray(1, names);
            try (ResultSet rs = sel.executeQuery()) {
                while (rs.next()) points.put(rs.getString(2), rs.getInt(1));
            }
        }
    }

    private void queueNotices(Connection c, Commit cm) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO ecogate_notice(key, gateway, payload) VALUES (?,?,?) ON CONFLICT (key) DO NOTHING")) {
            int n = 0;
            for (SyncRecord r : cm.records()) {
                if (r.body() == null || !r.body().contains("\"outage\"")) continue;
                var notice = notices.notice(cm.key().gateway(), r.body());
                if (notice == null) continue;
                ps.setString(1, notice.get("key").asText());
                ps.setString(2, cm.key().gateway());
                ps.setString(3, notice.toString());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /** COPY text-format escaping. */
    static String esc(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    @Override
    public OptionalLong newestEpoch(String gateway, String stream) throws SinkException {
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            try (PreparedStatement ps = c.prepareStatement("SELECT max(epoch) FROM ecogate_stream WHERE gateway=? AND stream=?")) {
                ps.setString(1, gateway);
                ps.setString(2, stream);
                try (ResultSet rs = ps.executeQuery()) {
                    OptionalLong v = rs.next() && rs.getObject(1) != null ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                    broken = false;
                    return v;
                }
            }
        } catch (SQLException e) {
            throw failed("read the newest epoch of " + gateway + "/" + stream, e);
        } finally {
            pool.release(c, broken);
        }
    }

    /**
     * The newest record time committed per gateway, as every instance reads it from the stream rows (so all report
     * the same lag). One query over {@code ecogate_stream} (a row per gateway, epoch and stream).
     */
    public java.util.Map<String, Long> newestCommitted() throws SinkException {
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            java.util.Map<String, Long> m = new java.util.TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT gateway, max(newest_ts) FROM ecogate_stream WHERE newest_ts IS NOT NULL GROUP BY gateway");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) m.put(rs.getString(1), rs.getTimestamp(2).getTime());
            }
            broken = false;
            return m;
        } catch (SQLException e) {
            throw failed("read the newest committed times", e);
        } finally {
            pool.release(c, broken);
        }
    }

    /** Drops raw reading partitions of UTC days before {@code firstKept}; events and summaries stay. Returns how many. */
    public int dropRawBefore(LocalDate firstKept) throws SinkException {
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            int n = schema.dropRawBefore(c, firstKept);
            broken = false;
            return n;
        } catch (SQLException e) {
            throw failed("drop reading partitions before " + firstKept, e);
        } finally {
            pool.release(c, broken);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
