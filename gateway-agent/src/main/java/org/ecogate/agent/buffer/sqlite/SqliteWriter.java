package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.model.Reading;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The buffer's single writer connection (autocommit off) with its prepared statements: writes poll cycles in one
 * transaction (their readings as blocks, {@link ReadingBlocks}), at synchronous=FULL when asked (events, gap records), NORMAL otherwise. Reading seqs are assigned here
 * (not by AUTOINCREMENT, whose sqlite_sequence page would be rewritten by every commit); a transaction that deletes
 * readings or skips seqs records the high-water mark in {@code meta.reading_seq}, so a seq is never handed out twice.
 * Not thread-safe: {@link SqliteBuffer} serializes every call. Trap: {@code PRAGMA synchronous} may only change
 * outside a transaction, and sqlite-jdbc opens the next one right after each commit; see {@link #sync}.
 */
final class SqliteWriter implements AutoCloseable {
    final Path file;
    final Connection c;
    private final PreparedStatement insertPoint;
    private final PreparedStatement selectPoint;
    private final PreparedStatement insertDoc;
    private final PreparedStatement bumpDocSeq;
    private final PreparedStatement selectDocSeq;
    private final PreparedStatement saveState;
    private final Map<String, Long> pointIds = new HashMap<>();
    private boolean fullSync;
    /** Highest reading seq of committed transactions; {@link #nextSeq} the same within the open one. */
    private long committedSeq;
    private long nextSeq;

    SqliteWriter(Path file, Connection c) throws SQLException {
        this.file = file;
        this.c = c;
        loadPoints();
        committedSeq = nextSeq = lastReadingSeq(c);
        c.setAutoCommit(false);
        insertPoint = c.prepareStatement("INSERT INTO point(name) VALUES (?)", Statement.RETURN_GENERATED_KEYS);
        selectPoint = c.prepareStatement("SELECT id FROM point WHERE name=?");
        insertDoc = c.prepareStatement("INSERT INTO doc(stream, seq, ts, key, body) VALUES (?,?,?,?,?)");
        bumpDocSeq = c.prepareStatement("INSERT INTO doc_seq(stream, last_seq) VALUES (?, 1) "
                + "ON CONFLICT(stream) DO UPDATE SET last_seq = last_seq + 1");
        selectDocSeq = c.prepareStatement("SELECT last_seq FROM doc_seq WHERE stream=?");
        saveState = c.prepareStatement("INSERT INTO meta(key, value) VALUES ('detector_state', ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    }

    /** Whether a transaction writing these documents must be durable at commit (fsync), not only crash-safe. */
    static boolean needsFullSync(List<Doc> docs) {
        for (Doc d : docs) {
            if (Buffer.EVENTS.equals(d.stream()) || Buffer.GAPS.equals(d.stream())) return true;
        }
        return false;
    }

    /** Sets the synchronous level for the next transaction; call only with no uncommitted writes. */
    void sync(boolean full) throws SQLException {
        if (full == fullSync) return;
        c.setAutoCommit(true); // ends sqlite-jdbc's open (empty) transaction
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA synchronous=" + (full ? "FULL" : "NORMAL"));
        } finally {
            c.setAutoCommit(false);
        }
        fullSync = full;
    }

    /** More writes to run inside a cycle's transaction, before its commit. */
    @FunctionalInterface
    interface InTransaction {
        void run() throws SQLException;
    }

    /**
     * Writes readings, docs and state in one transaction and commits, at synchronous=FULL when the docs hold an event
     * or gap record; {@code skipBefore} > 0 first moves the reading sequence forward by that many numbers (a recorded
     * gap). Returns the last reading seq assigned (0 if none). On failure the transaction is rolled back and the
     * exception rethrown.
     */
    long writeCycle(List<Reading> readings, List<Doc> docs, String state, long skipBefore) throws SQLException {
        return writeCycle(readings, docs, state, skipBefore, needsFullSync(docs), null);
    }

    /** As above; {@code durable} commits at synchronous=FULL, and {@code more} (may be null) runs before the commit. */
    long writeCycle(List<Reading> readings, List<Doc> docs, String state, long skipBefore, boolean durable, InTransaction more)
            throws SQLException {
        sync(durable);
        try {
            if (skipBefore > 0) skipReadingSeq(skipBefore);
            long last = 0;
            if (!readings.isEmpty()) {
                long[] ids = new long[readings.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = pointId(readings.get(i).point());
                ReadingBlocks.write(c, nextSeq + 1, readings, ids);
                nextSeq += readings.size();
                last = nextSeq;
            }
            for (Doc d : docs) insertDoc(d);
            if (state != null) {
                if (state.length() < COMPRESS_STATE_FROM) saveState.setString(1, state);
                else saveState.setBytes(1, deflate(state));
                saveState.executeUpdate();
            }
            if (more != null) more.run();
            commit();
            return last;
        } catch (SQLException | RuntimeException e) {
            rollback();
            throw e;
        }
    }

    /**
     * A detector state at least this long is stored deflated (a BLOB): at 1,000 points it is ~240 KB of JSON, written
     * with every cycle that emits summaries, and each write costs its size twice in flash (WAL, then checkpoint).
     */
    static final int COMPRESS_STATE_FROM = 1024;

    static byte[] deflate(String s) {
        java.util.zip.Deflater d = new java.util.zip.Deflater(java.util.zip.Deflater.BEST_SPEED);
        try {
            d.setInput(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            d.finish();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() / 8 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) out.write(buf, 0, d.deflate(buf));
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    /** The detector state as stored by {@link #writeCycle}: text, or deflated text in a BLOB. */
    static String state(ResultSet rs, int column) throws SQLException {
        Object v = rs.getObject(column);
        if (!(v instanceof byte[] b)) return v == null ? null : v.toString();
        java.util.zip.Inflater in = new java.util.zip.Inflater();
        try {
            in.setInput(b);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(b.length * 8);
            byte[] buf = new byte[8192];
            while (!in.finished()) {
                int n = in.inflate(buf);
                if (n == 0 && (in.needsInput() || in.needsDictionary())) throw new SQLException("detector state: truncated deflate data");
                out.write(buf, 0, n);
            }
            return out.toString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.util.zip.DataFormatException e) {
            throw new SQLException("detector state: " + e.getMessage(), e);
        } finally {
            in.end();
        }
    }

    /** Inserts a document with the next sequence number of its stream, inside the current transaction. */
    long insertDoc(Doc d) throws SQLException {
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
        return seq;
    }

    /** Moves the reading sequence forward by {@code n} inside the current transaction (numbers never assigned). */
    void skipReadingSeq(long n) throws SQLException {
        nextSeq += n;
        markSeq();
    }

    /** Records the seq high-water mark in the open transaction: call before deleting readings (or skipping seqs). */
    void markSeq() throws SQLException {
        saveSeqMark(c, nextSeq);
    }

    static void saveSeqMark(Connection c, long seq) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO meta(key, value) VALUES ('reading_seq', ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
            ps.setString(1, Long.toString(seq));
            ps.executeUpdate();
        }
    }

    /** Last reading seq ever assigned (rows may have been deleted since), 0 if none; within the open transaction. */
    long lastReadingSeq() {
        return nextSeq;
    }

    /**
     * Last reading seq ever assigned in the file: the highest block's end, the recorded mark, and for a buffer of the
     * row-per-reading layout not yet moved into blocks its highest row and AUTOINCREMENT counter.
     */
    static long lastReadingSeq(Connection c) throws SQLException {
        long last = 0;
        boolean legacy = ReadingBlocks.hasLegacy(c);
        boolean blocks = ReadingBlocks.hasTable(c, ReadingBlocks.BLOCKS);
        try (Statement st = c.createStatement()) {
            for (String q : new String[] {"SELECT coalesce(max(first_seq + n - 1), 0) FROM reading_block",
                    "SELECT coalesce(max(seq), 0) FROM reading",
                    "SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key='reading_seq'",
                    "SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name='reading'"}) {
                if (q.contains("sqlite_sequence") && !hasSequenceTable(c)) continue;
                if (q.endsWith("FROM reading") && !legacy || q.endsWith("FROM reading_block") && !blocks) continue;
                try (ResultSet rs = st.executeQuery(q)) {
                    if (rs.next()) last = Math.max(last, rs.getLong(1));
                }
            }
        }
        return last;
    }

    private static boolean hasSequenceTable(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE name='sqlite_sequence'")) {
            return rs.next() && rs.getLong(1) > 0;
        }
    }

    long queryLong(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    int update(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            return ps.executeUpdate();
        }
    }

    void commit() throws SQLException {
        c.commit();
        committedSeq = nextSeq;
    }

    /**
     * Rolls back; the rolled back transaction may have created point ids that no longer exist, so the cache is
     * emptied (ids are looked up again on first use: a stale id would silently orphan readings).
     */
    void rollback() {
        pointIds.clear();
        nextSeq = committedSeq;
        try {
            c.rollback();
        } catch (SQLException e) {
            // SQLite already rolled back by itself (SQLITE_FULL, IOERR do): the driver's "rollback; begin;" stopped
            // at the rollback, leaving SQLite in autocommit mode, where a later cycle would be committed row by row
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN");
            } catch (SQLException alreadyOpen) {
                // a transaction is open: the state the driver expects
            }
        }
    }

    private void loadPoints() throws SQLException {
        pointIds.clear();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM point")) {
            while (rs.next()) pointIds.put(rs.getString(2), rs.getLong(1));
        }
    }

    private long pointId(String name) throws SQLException {
        Long id = pointIds.get(name);
        if (id != null) return id;
        selectPoint.setString(1, name);
        try (ResultSet rs = selectPoint.executeQuery()) {
            if (rs.next()) id = rs.getLong(1);
        }
        if (id != null) {
            pointIds.put(name, id);
            return id;
        }
        insertPoint.setString(1, name);
        insertPoint.executeUpdate();
        try (ResultSet rs = insertPoint.getGeneratedKeys()) {
            rs.next();
            id = rs.getLong(1);
        }
        pointIds.put(name, id);
        return id;
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
