package org.ecogate.sim.platform;

import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.Sink;
import org.ecogate.sync.SinkException;
import org.ecogate.sync.StreamKey;
import org.ecogate.sync.SyncRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.OptionalLong;

/**
 * The simulated platform's store: every record the receiver hands over, and the per-stream watermark, written in
 * one transaction. The record table has deliberately no unique key, so a duplicate delivery would be visible
 * (count versus distinct) instead of silently absorbed. Keeps a live range per stream (PROTOCOL.md 6.1), so live
 * data is stored ahead of a backlog; column {@code lane} tells which path stored a record (0 watermark, 1 live
 * lane): per stream, each path's records are inserted in ascending seq order. Thread-safe (synchronized); passes the sync-protocol {@code SinkContract}.
 */
public final class SqliteSink implements Sink, AutoCloseable {
    private final Path file;
    private final Connection db;
    private final PreparedStatement insert;
    private final PreparedStatement upsertMark;
    private final PreparedStatement selectMark;

    public SqliteSink(Path file) throws SQLException {
        this.file = file;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create directory for " + file + ": " + e.getMessage(), e);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=FULL");
            st.execute("PRAGMA busy_timeout=5000");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS record(gateway TEXT NOT NULL, epoch INTEGER NOT NULL, "
                    + "stream TEXT NOT NULL, seq INTEGER NOT NULL, point TEXT NOT NULL, ts INTEGER NOT NULL, value REAL, "
                    + "quality TEXT NOT NULL, body TEXT, received_at INTEGER NOT NULL, lane INTEGER NOT NULL DEFAULT 0)");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS record_seq ON record(gateway, epoch, stream, seq)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS watermark(gateway TEXT NOT NULL, epoch INTEGER NOT NULL, "
                    + "stream TEXT NOT NULL, committed_through INTEGER NOT NULL, live_after INTEGER NOT NULL DEFAULT 0, "
                    + "live_through INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(gateway, epoch, stream))");
            addColumn(st, "record", "lane", "INTEGER NOT NULL DEFAULT 0");
            addColumn(st, "watermark", "live_after", "INTEGER NOT NULL DEFAULT 0");
            addColumn(st, "watermark", "live_through", "INTEGER NOT NULL DEFAULT 0");
        }
        db.setAutoCommit(false);
        insert = db.prepareStatement("INSERT INTO record(gateway, epoch, stream, seq, point, ts, value, quality, body, received_at, lane) "
                + "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        upsertMark = db.prepareStatement("INSERT INTO watermark(gateway, epoch, stream, committed_through, live_after, live_through) "
                + "VALUES (?,?,?,?,?,?) ON CONFLICT(gateway, epoch, stream) DO UPDATE SET committed_through = excluded.committed_through, "
                + "live_after = excluded.live_after, live_through = excluded.live_through");
        selectMark = db.prepareStatement("SELECT committed_through, live_after, live_through FROM watermark WHERE gateway=? AND epoch=? AND stream=?");
    }

    private static void addColumn(Statement st, String table, String column, String type) throws SQLException {
        try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pragma_table_info('" + table + "') WHERE name='" + column + "'")) {
            if (rs.next() && rs.getInt(1) > 0) return;
        }
        st.executeUpdate("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
    }

    @Override
    public synchronized CommittedRange committed(StreamKey key) throws SinkException {
        try {
            CommittedRange r = mark(key);
            db.commit();
            return r;
        } catch (SQLException e) {
            throw failed("read the watermark of " + key, e);
        }
    }

    private CommittedRange mark(StreamKey key) throws SQLException {
        selectMark.setString(1, key.gateway());
        selectMark.setLong(2, key.epoch());
        selectMark.setString(3, key.stream());
        try (ResultSet rs = selectMark.executeQuery()) {
            return rs.next() ? new CommittedRange(rs.getLong(1), rs.getLong(2), rs.getLong(3)) : CommittedRange.NONE;
        }
    }

    @Override
    public boolean keepsLiveRange() {
        return true;
    }

    @Override
    public synchronized boolean commit(Commit c) throws SinkException {
        long now = System.currentTimeMillis();
        StreamKey k = c.key();
        try {
            // one connection, synchronized: nobody else writes between this read and the commit
            if (!mark(k).equals(c.expected())) {
                db.rollback();
                return false;
            }
            for (SyncRecord r : c.records()) {
                insert.setString(1, k.gateway());
                insert.setLong(2, k.epoch());
                insert.setString(3, k.stream());
                insert.setLong(4, r.seq());
                insert.setString(5, r.point());
                insert.setLong(6, r.ts());
                if (r.value() == null) insert.setNull(7, Types.REAL);
                else insert.setDouble(7, r.value());
                insert.setString(8, r.quality());
                insert.setString(9, r.body());
                insert.setLong(10, now);
                insert.setInt(11, c.onLiveLane(r) ? 1 : 0);
                insert.addBatch();
            }
            insert.executeBatch();
            upsertMark.setString(1, k.gateway());
            upsertMark.setLong(2, k.epoch());
            upsertMark.setString(3, k.stream());
            upsertMark.setLong(4, c.next().watermark());
            upsertMark.setLong(5, c.next().liveAfter());
            upsertMark.setLong(6, c.next().liveThrough());
            upsertMark.executeUpdate();
            db.commit();
            return true;
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the connection is gone; the commit failed either way
            }
            throw failed("commit " + c.records().size() + " records of " + k, e);
        }
    }

    private SinkException failed(String what, SQLException e) {
        return new SinkException("SQLite store " + file + ": cannot " + what + ": " + e.getMessage(), e);
    }

    /** The newest epoch with a watermark for (gateway, stream): batches of older epochs are rejected as replays. */
    @Override
    public synchronized OptionalLong newestEpoch(String gateway, String stream) throws SinkException {
        try (PreparedStatement ps = db.prepareStatement("SELECT max(epoch) FROM watermark WHERE gateway=? AND stream=?")) {
            ps.setString(1, gateway);
            ps.setString(2, stream);
            try (ResultSet rs = ps.executeQuery()) {
                OptionalLong v = rs.next() && rs.getObject(1) != null ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
                db.commit();
                return v;
            }
        } catch (SQLException e) {
            throw failed("read the newest epoch of " + gateway + "/" + stream, e);
        }
    }

    /** Document bodies of {@code stream} stored after row {@code afterRowid}: {rowid, body} pairs, oldest first. */
    public synchronized List<Object[]> documentsAfter(String stream, long afterRowid) throws SQLException {
        List<Object[]> out = new java.util.ArrayList<>();
        try (PreparedStatement ps = db.prepareStatement("SELECT rowid, body FROM record WHERE stream=? AND rowid>? ORDER BY rowid")) {
            ps.setString(1, stream);
            ps.setLong(2, afterRowid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Object[] {rs.getLong(1), rs.getString(2)});
            }
        }
        db.commit();
        return out;
    }

    /** Records stored, and how many of them repeat a (gateway, epoch, stream, seq) already stored. */
    public synchronized long[] countAndDuplicates() throws SQLException {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), count(*) - (SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq FROM record)) FROM record")) {
            rs.next();
            long[] out = {rs.getLong(1), rs.getLong(2)};
            db.commit();
            return out;
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
