package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferStats;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SQLite (WAL) implementation of {@link Buffer}. One writer connection guarded by a lock (all appends and
 * acks), one reader connection for the uplink, so reads never wait for a poll cycle's commit. Sequence
 * numbers come from AUTOINCREMENT and are never reused, even after rows are deleted.
 * Trap: the quality is stored as a small integer (ordinal of {@link Quality}); never reorder that enum.
 */
public final class SqliteBuffer implements Buffer {
    private static final Logger log = LoggerFactory.getLogger(SqliteBuffer.class);
    private static final Quality[] QUALITIES = Quality.values();

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final PreparedStatement insertReading;
    private final PreparedStatement insertPoint;
    private final PreparedStatement selectAfter;
    private final PreparedStatement insertDoc;
    private final PreparedStatement bumpDocSeq;
    private final PreparedStatement selectDocSeq;
    private final PreparedStatement saveState;
    private final PreparedStatement selectDocsAfter;
    private final Map<String, Long> pointIds = new HashMap<>();
    private final long epoch;

    private SqliteBuffer(Path file) throws SQLException {
        this.file = file;
        this.writer = connect(file);
        try (Statement st = writer.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS point(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS reading(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
                    + "point_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL, quality INTEGER NOT NULL)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS stream_state(stream TEXT PRIMARY KEY, acked_through INTEGER NOT NULL)");
            // events and summaries: per-stream sequence from doc_seq (never reused), JSON body
            st.executeUpdate("CREATE TABLE IF NOT EXISTS doc(stream TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, "
                    + "key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(stream, seq)) WITHOUT ROWID");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS doc_ts ON doc(stream, ts)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS doc_seq(stream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
            st.executeUpdate("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1')");
            st.executeUpdate("INSERT OR IGNORE INTO meta(key, value) VALUES ('epoch', '" + System.currentTimeMillis() + "')");
            try (ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='epoch'")) {
                rs.next();
                this.epoch = Long.parseLong(rs.getString(1));
            }
            try (ResultSet rs = st.executeQuery("SELECT id, name FROM point")) {
                while (rs.next()) pointIds.put(rs.getString(2), rs.getLong(1));
            }
        }
        writer.setAutoCommit(false);
        insertReading = writer.prepareStatement("INSERT INTO reading(point_id, ts, value, quality) VALUES (?,?,?,?)");
        insertPoint = writer.prepareStatement("INSERT INTO point(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        insertDoc = writer.prepareStatement("INSERT INTO doc(stream, seq, ts, key, body) VALUES (?,?,?,?,?)");
        bumpDocSeq = writer.prepareStatement("INSERT INTO doc_seq(stream, last_seq) VALUES (?, 1) "
                + "ON CONFLICT(stream) DO UPDATE SET last_seq = last_seq + 1");
        selectDocSeq = writer.prepareStatement("SELECT last_seq FROM doc_seq WHERE stream=?");
        saveState = writer.prepareStatement("INSERT INTO meta(key, value) VALUES ('detector_state', ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
        reader = connect(file);
        selectDocsAfter = reader.prepareStatement("SELECT seq, key, ts, body FROM doc WHERE stream=? AND seq > ? ORDER BY seq LIMIT ?");
        selectAfter = reader.prepareStatement("SELECT r.seq, p.name, r.ts, r.value, r.quality FROM reading r "
                + "JOIN point p ON p.id = r.point_id WHERE r.seq > ? ORDER BY r.seq LIMIT ?");
    }

    /** Opens (creating if needed) the buffer file. */
    public static SqliteBuffer open(Path file) throws BufferException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            SqliteBuffer b = new SqliteBuffer(file);
            log.info("buffer {} open: epoch {}", file, b.epoch);
            return b;
        } catch (Exception e) {
            throw new BufferException("buffer " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
        }
        return c;
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public synchronized long appendCycle(List<Reading> cycle, List<Doc> docs, String detectorState) throws BufferException {
        if (cycle.isEmpty() && docs.isEmpty() && detectorState == null) return 0;
        try {
            long last = 0;
            if (!cycle.isEmpty()) {
                for (Reading r : cycle) {
                    insertReading.setLong(1, pointId(r.point()));
                    insertReading.setLong(2, r.ts());
                    if (r.value() == null) insertReading.setNull(3, Types.REAL);
                    else insertReading.setDouble(3, r.value());
                    insertReading.setInt(4, r.quality().ordinal());
                    insertReading.addBatch();
                }
                insertReading.executeBatch();
                try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT last_insert_rowid()")) {
                    rs.next();
                    last = rs.getLong(1);
                }
            }
            for (Doc d : docs) {
                bumpDocSeq.setString(1, d.stream());
                bumpDocSeq.executeUpdate();
                selectDocSeq.setString(1, d.stream());
                long seq;
                try (ResultSet rs = selectDocSeq.executeQuery()) {
                    rs.next();
                    seq = rs.getLong(1);
                }
                insertDoc.setString(1, d.stream());
                insertDoc.setLong(2, seq);
                insertDoc.setLong(3, d.ts());
                insertDoc.setString(4, d.key());
                insertDoc.setString(5, d.body());
                insertDoc.executeUpdate();
            }
            if (detectorState != null) {
                saveState.setString(1, detectorState);
                saveState.executeUpdate();
            }
            writer.commit();
            return last;
        } catch (SQLException e) {
            rollback();
            throw new BufferException("buffer " + file + ": append of " + cycle.size() + " readings and " + docs.size()
                    + " events/summaries failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized String detectorState() throws BufferException {
        try (Statement st = writer.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='detector_state'")) {
            String v = rs.next() ? rs.getString(1) : null;
            writer.commit();
            return v;
        } catch (SQLException e) {
            throw new BufferException("buffer " + file + ": read of detector state failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<BufferedRecord> docsSince(String stream, long sinceTs, int max) throws BufferException {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT seq, key, ts, body FROM doc WHERE stream=? AND ts >= ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, stream);
                ps.setLong(2, sinceTs);
                ps.setInt(3, max);
                return docs(stream, ps);
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read of " + stream + " failed: " + e.getMessage(), e);
            }
        }
    }

    private static List<BufferedRecord> docs(String stream, PreparedStatement ps) throws SQLException {
        List<BufferedRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new BufferedRecord(rs.getLong(1), null, new Doc(stream, rs.getString(2), rs.getLong(3), rs.getString(4))));
            }
        }
        return out;
    }

    private long pointId(String name) throws SQLException {
        Long id = pointIds.get(name);
        if (id != null) return id;
        insertPoint.setString(1, name);
        insertPoint.executeUpdate();
        try (ResultSet rs = insertPoint.getGeneratedKeys()) {
            rs.next();
            id = rs.getLong(1);
        }
        pointIds.put(name, id);
        return id;
    }

    private void rollback() {
        try {
            writer.rollback();
            // the rolled back transaction may have created point ids that no longer exist
            pointIds.clear();
            try (Statement st = writer.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM point")) {
                while (rs.next()) pointIds.put(rs.getString(2), rs.getLong(1));
            }
        } catch (SQLException e) {
            log.warn("buffer {}: rollback failed: {}", file, e.getMessage());
        }
    }

    @Override
    public synchronized long ackedThrough(String stream) throws BufferException {
        try (PreparedStatement ps = writer.prepareStatement("SELECT acked_through FROM stream_state WHERE stream=?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new BufferException("buffer " + file + ": read of ack watermark failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<BufferedRecord> after(String stream, long afterSeq, int max) throws BufferException {
        if (!READINGS.equals(stream)) {
            synchronized (reader) {
                try {
                    selectDocsAfter.setString(1, stream);
                    selectDocsAfter.setLong(2, afterSeq);
                    selectDocsAfter.setInt(3, max);
                    return docs(stream, selectDocsAfter);
                } catch (SQLException e) {
                    throw new BufferException("buffer " + file + ": read of " + stream + " after seq " + afterSeq + " failed: " + e.getMessage(), e);
                }
            }
        }
        synchronized (reader) {
            try {
                selectAfter.setLong(1, afterSeq);
                selectAfter.setInt(2, max);
                List<BufferedRecord> out = new ArrayList<>();
                try (ResultSet rs = selectAfter.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(4);
                        Double value = rs.wasNull() ? null : v;
                        out.add(new BufferedRecord(rs.getLong(1),
                                new Reading(rs.getString(2), rs.getLong(3), value, QUALITIES[rs.getInt(5)])));
                    }
                }
                return out;
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read after seq " + afterSeq + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void markAcked(String stream, long through) throws BufferException {
        try (PreparedStatement ps = writer.prepareStatement("INSERT INTO stream_state(stream, acked_through) VALUES (?, ?) "
                + "ON CONFLICT(stream) DO UPDATE SET acked_through = max(acked_through, excluded.acked_through)")) {
            ps.setString(1, stream);
            ps.setLong(2, through);
            ps.executeUpdate();
            writer.commit();
        } catch (SQLException e) {
            rollback();
            throw new BufferException("buffer " + file + ": ack of " + stream + " through " + through + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized BufferStats stats() throws BufferException {
        long acked = ackedThrough(READINGS);
        try (Statement st = writer.createStatement()) {
            long rows;
            long last;
            try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM reading")) {
                rs.next();
                rows = rs.getLong(1);
                last = rs.getLong(2);
            }
            try (ResultSet rs = st.executeQuery("SELECT seq FROM sqlite_sequence WHERE name='reading'")) {
                if (rs.next()) last = Math.max(last, rs.getLong(1));
            }
            long backlog;
            long oldest;
            try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(min(ts), 0) FROM reading WHERE seq > " + acked)) {
                rs.next();
                backlog = rs.getLong(1);
                oldest = rs.getLong(2);
            }
            writer.commit();
            long bytes = 0;
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Path p = Path.of(file.toAbsolutePath() + suffix);
                if (Files.exists(p)) bytes += Files.size(p);
            }
            return new BufferStats(epoch, rows, last, acked, backlog, oldest, bytes);
        } catch (Exception e) {
            throw new BufferException("buffer " + file + ": stats failed: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            synchronized (reader) {
                reader.close();
            }
            writer.close();
        } catch (SQLException e) {
            log.warn("buffer {}: close failed: {}", file, e.getMessage());
        }
    }
}
