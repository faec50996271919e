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

/**
 * The platform's store in PostgreSQL ({@link PgSchema}): a commit of readings is one statement — the compare-and-set of
 * the stream's row (watermark/live range: it must still hold the range the receiver decided on) and, only if it
 * matched, one array row per UTC day and lane in the day-partitioned {@code ecogate_reading_batch} — so one round trip
 * and no explicit transaction; documents (events) add a COPY in the same transaction. Thread-safe: each call borrows
 * its own connection. Trap: a commit refused because another receiver moved the stream returns false and stores
 * nothing; the receiver decides again.
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
            // readings grouped by (UTC day, lane), in seq order; documents apart
            java.util.TreeMap<Long, java.util.List<SyncRecord>> groups = new java.util.TreeMap<>();
            java.util.List<SyncRecord> docs = new java.util.ArrayList<>();
            for (SyncRecord r : cm.records()) {
                if (r.body() != null) docs.add(r);
                else groups.computeIfAbsent(Math.floorDiv(r.ts(), DAY_MS) * 2 + (cm.onLiveLane(r) ? 1 : 0), g -> new java.util.ArrayList<>()).add(r);
            }
            for (long g : groups.keySet()) schema.ensurePartition(c, LocalDate.ofEpochDay(Math.floorDiv(g, 2)));
            resolvePoints(c, cm);
            // readings only: the compare-and-set and the rows are one statement, one round trip (autocommit)
            boolean tx = !docs.isEmpty();
            if (tx) c.setAutoCommit(false);
            if (!casAndInsert(c, cm, groups)) { // another receiver moved the stream since we read it
                if (tx) c.rollback();
                broken = false;
                return false;
            }
            if (tx) {
                copyDocuments(c, k, cm, docs);
                if (notices != null) queueNotices(c, cm);
                c.commit();
            }
            broken = false;
            return true;
        } catch (SQLException | IOException e) {
            throw failed("commit " + cm.records().size() + " records of " + k, e);
        } finally {
            pool.release(c, broken);
        }
    }

    private static final long DAY_MS = 86_400_000L;
    private static final String SET_RANGE = "committed_through=?, live_after=?, live_through=?, updated_at=now(), newest_ts=GREATEST(s.newest_ts, ?)";
    private static final String VALUES_ROW = "(?::text,?::bigint,?::text,?::smallint,?::timestamptz,?::timestamptz,?::bigint,?::int,?::int8[],?::int4[],"
            + "?::int4[],?::float8[],?::text[])";

    /**
     * The compare-and-set of the stream row (insert when {@code expected} is {@link CommittedRange#NONE}; update only
     * where the row still holds {@code expected}, re-checked after any concurrent writer committed) and, only if it
     * matched, the insert of one array row per group, in one statement. Returns whether the range matched.
     */
    private boolean casAndInsert(Connection c, Commit cm, java.util.SortedMap<Long, java.util.List<SyncRecord>> groups)
            throws SQLException {
        StreamKey k = cm.key();
        CommittedRange exp = cm.expected(), next = cm.next();
        boolean fresh = exp.equals(CommittedRange.NONE);
        StringBuilder sql = new StringBuilder("WITH cas AS (");
        if (fresh) {
            sql.append("INSERT INTO ecogate_stream AS s (gateway, epoch, stream, committed_through, live_after, live_through, newest_ts) "
                    + "VALUES (?,?,?,?,?,?,?) ON CONFLICT (gateway, epoch, stream) DO UPDATE SET ").append(SET_RANGE);
        } else {
            sql.append("UPDATE ecogate_stream AS s SET ").append(SET_RANGE);
        }
        sql.append(fresh ? " WHERE" : " WHERE s.gateway=? AND s.epoch=? AND s.stream=? AND")
                .append(" s.committed_through=? AND s.live_after=? AND s.live_through=? RETURNING 1)");
        if (!groups.isEmpty()) {
            sql.append(", ins AS (INSERT INTO ecogate_reading_batch (gateway, epoch, stream, lane, ts0, ts1, seq0, n, seq_delta, point, "
                    + "ts_ms, value, quality) SELECT v.* FROM cas, (VALUES ");
            for (int i = 0; i < groups.size(); i++) sql.append(i == 0 ? "" : ",").append(VALUES_ROW);
            sql.append(") v RETURNING 1)");
        }
        sql.append(" SELECT count(*) FROM cas");
        long newest = Long.MIN_VALUE;
        for (SyncRecord r : cm.records()) newest = Math.max(newest, r.ts());
        java.time.OffsetDateTime newestTs = newest == Long.MIN_VALUE ? null : at(newest);
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int a = 1;
            if (fresh) {
                ps.setString(a++, k.gateway());
                ps.setLong(a++, k.epoch());
                ps.setString(a++, k.stream());
                ps.setLong(a++, next.watermark());
                ps.setLong(a++, next.liveAfter());
                ps.setLong(a++, next.liveThrough());
                ps.setObject(a++, newestTs);
            }
            ps.setLong(a++, next.watermark());
            ps.setLong(a++, next.liveAfter());
            ps.setLong(a++, next.liveThrough());
            ps.setObject(a++, newestTs);
            if (!fresh) {
                ps.setString(a++, k.gateway());
                ps.setLong(a++, k.epoch());
                ps.setString(a++, k.stream());
            }
            ps.setLong(a++, exp.watermark());
            ps.setLong(a++, exp.liveAfter());
            ps.setLong(a++, exp.liveThrough());
            for (java.util.Map.Entry<Long, java.util.List<SyncRecord>> g : groups.entrySet()) {
                ReadingRows.Row r = ReadingRows.row((int) (g.getKey() & 1), g.getValue(), points::get);
                ps.setString(a++, k.gateway());
                ps.setLong(a++, k.epoch());
                ps.setString(a++, k.stream());
                ps.setInt(a++, r.lane());
                ps.setObject(a++, at(r.ts0()));
                ps.setObject(a++, at(r.ts1()));
                ps.setLong(a++, r.seq0());
                ps.setInt(a++, r.n());
                for (String arr : new String[] {r.seqDelta(), r.point(), r.tsMs(), r.value(), r.quality()}) {
                    ps.setObject(a++, arr, java.sql.Types.OTHER);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getLong(1) == 1;
            }
        }
    }

    private static java.time.OffsetDateTime at(long millis) {
        return java.time.OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), java.time.ZoneOffset.UTC);
    }

    /** COPY of the commit's documents (events, gaps, summaries; text format), inside the commit's transaction. */
    private static void copyDocuments(Connection c, StreamKey k, Commit cm, java.util.List<SyncRecord> docs) throws SQLException, IOException {
        StringBuilder sb = new StringBuilder();
        String prefix = esc(k.gateway()) + '\t' + k.epoch() + '\t' + esc(k.stream()) + '\t';
        for (SyncRecord r : docs) {
            sb.append(prefix).append(r.seq()).append('\t').append(esc(r.point())).append('\t').append(Instant.ofEpochMilli(r.ts()))
                    .append('\t').append(esc(r.quality())).append('\t').append(esc(r.body())).append('\t')
                    .append(cm.onLiveLane(r) ? 1 : 0).append('\n');
        }
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY ecogate_document (gateway, epoch, stream, seq, key, ts, quality, body, lane) "
                + "FROM STDIN", new StringReader(sb.toString()));
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
