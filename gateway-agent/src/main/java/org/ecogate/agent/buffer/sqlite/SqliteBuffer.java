package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferStats;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.agentstatus.StreamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * SQLite (WAL) implementation of {@link Buffer}, within the limits of its {@link BufferSettings}. One writer
 * connection guarded by this object's lock (appends, acks, retention; held cycles and grouped commits in
 * {@link GroupedCommits}), one reader connection for the uplink and stats, so reads never wait for a commit.
 * Trap: the quality is stored as a small integer (ordinal of {@link Quality}); never reorder that enum.
 */
public final class SqliteBuffer implements Buffer {
    private static final Logger log = LoggerFactory.getLogger(SqliteBuffer.class);
    private static final Quality[] QUALITIES = Quality.values();

    private final Path file;
    private final SqliteWriter writer;
    private final Connection reader;
    /** The sync sender's last read of readings (guarded by {@link #reader}). */
    private final ReadingTail tail = new ReadingTail();
    /** Point names by id for decoded readings (guarded by {@link #reader}; ids are never reused once committed). */
    private final java.util.Map<Long, String> pointNames = new java.util.HashMap<>();
    private final PreparedStatement selectDocsAfter;
    private final Retention retention;
    private final SqliteCursors cursors;
    /** Held cycles and acks, grouped commits, reading seqs (guarded by this object's lock). */
    private final GroupedCommits commits;
    private final long epoch;

    private SqliteBuffer(Path file, BufferSettings settings) throws Exception {
        this.file = file;
        long walLimit = Retention.walLimit(settings.maxBytes());
        BufferFile.Opened o = BufferFile.open(file, walLimit, settings.clock());
        this.writer = new SqliteWriter(file, o.connection());
        this.epoch = o.epoch();
        this.cursors = new SqliteCursors(this, writer);
        this.retention = new Retention(writer, settings, walLimit, cursors);
        Connection r = null;
        long gapRecords = 0;
        long lastSeq;
        try {
            long moved = ReadingBlocks.migrate(writer);
            if (moved > 0) log.info("buffer {}: {} readings of the row-per-reading layout moved into reading blocks", file, moved);
            if (o.recreated() != null) {
                writer.writeCycle(List.of(), List.of(o.recreated()), null, 0);
                gapRecords++;
            }
            lastSeq = writer.lastReadingSeq();
            writer.commit();
            r = BufferFile.connect(file, walLimit);
            selectDocsAfter = r.prepareStatement("SELECT seq, key, ts, body FROM doc WHERE stream=? AND seq > ? ORDER BY seq LIMIT ?");
        } catch (Exception e) {
            if (r != null) r.close();
            writer.close();
            throw e;
        }
        this.reader = r;
        this.commits = new GroupedCommits(this, file, settings, writer, retention, cursors, lastSeq, gapRecords);
        if (o.unclean()) {
            log.info("buffer {}: last run did not close the buffer: reading seqs continue after a skip of {} (see docs/BUFFER.md)",
                    file, BufferFile.SEQ_SKIP_AFTER_UNCLEAN);
        }
    }

    /** Opens (creating if needed) the buffer file with no limits: nothing is ever deleted (tools, tests). */
    public static SqliteBuffer open(Path file) throws BufferException {
        return open(file, BufferSettings.retainAll());
    }

    /**
     * Opens (creating if needed) the buffer file: checks its integrity first and, if it is corrupt, moves it aside
     * and starts a new buffer with a new epoch, recording a {@code buffer_recreated} gap document.
     */
    public static SqliteBuffer open(Path file, BufferSettings settings) throws BufferException {
        try {
            SqliteBuffer b = new SqliteBuffer(file, settings);
            log.info("buffer {} open: epoch {}, limits: {}", file, b.epoch, describe(settings));
            return b;
        } catch (Exception e) {
            throw new BufferException("buffer " + file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private static String describe(BufferSettings s) {
        return (s.maxBytes() > 0 ? s.maxBytes() + " bytes" : "no size limit") + ", "
                + (s.maxAge().isZero() ? "no age limit" : "max age " + s.maxAge()) + ", "
                + (s.keepAcked() == null ? "acknowledged readings kept" : "acknowledged readings kept " + s.keepAcked()) + ", "
                + s.memoryCycles() + " cycles in memory when the disk is full, "
                + (s.commitEvery().isZero() ? "every cycle committed at once" : "readings committed every " + s.commitEvery().toMillis() + " ms")
                + (s.syncEvery().isZero() ? "" : ", synced every " + s.syncEvery().toMillis() + " ms");
    }

    @Override
    public long epoch() {
        return epoch;
    }

    @Override
    public org.ecogate.agent.buffer.UplinkCursors cursors() {
        return cursors;
    }

    @Override
    public synchronized long appendCycle(List<Reading> readings, List<Doc> docs, String detectorState) throws BufferException {
        if (readings.isEmpty() && docs.isEmpty() && detectorState == null) return 0;
        return commits.append(readings, docs, detectorState);
    }

    @Override
    public synchronized void flush() throws BufferException {
        commits.flush();
    }

    @Override
    public synchronized String detectorState() throws BufferException {
        String held = commits.heldState();
        if (held != null) return held;
        try (Statement st = writer.c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='detector_state'")) {
            String v = rs.next() ? SqliteWriter.state(rs, 1) : null;
            writer.commit();
            return v;
        } catch (SQLException e) {
            throw new BufferException("buffer " + file + ": read of detector state failed: " + e.getMessage(), e);
        }
    }

    @Override
    public long lastSeq(String stream) throws BufferException {
        if (READINGS.equals(stream)) {
            synchronized (this) {
                return commits.lastSeq();
            }
        }
        synchronized (reader) {
            try (PreparedStatement last = reader.prepareStatement("SELECT coalesce(max(last_seq), 0) FROM doc_seq WHERE stream=?")) {
                last.setString(1, stream);
                try (ResultSet rs = last.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0;
                }
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": last seq of " + stream + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public StreamCounters counters(String stream) throws BufferException {
        if (READINGS.equals(stream)) return stats().readings();
        long acked = ackedThrough(stream);
        long lastSeq = lastSeq(stream);
        synchronized (reader) {
            try (PreparedStatement back = reader.prepareStatement(
                         "SELECT count(*), coalesce(min(ts), 0) FROM doc WHERE stream=? AND seq > ?")) {
                back.setString(1, stream);
                back.setLong(2, acked);
                try (ResultSet rs = back.executeQuery()) {
                    rs.next();
                    return new StreamCounters(lastSeq, acked, rs.getLong(1), rs.getLong(2));
                }
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": stats of " + stream + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<BufferedRecord> docsBetween(String stream, long fromTs, long toTs, int max) throws BufferException {
        synchronized (reader) {
            try (PreparedStatement ps = reader.prepareStatement(
                    "SELECT seq, key, ts, body FROM doc WHERE stream=? AND ts BETWEEN ? AND ? ORDER BY seq LIMIT ?")) {
                ps.setString(1, stream);
                ps.setLong(2, fromTs);
                ps.setLong(3, toTs);
                ps.setInt(4, max);
                return docs(stream, ps);
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read of " + stream + " by time failed: " + e.getMessage(), e);
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

    @Override
    public long ackedThrough(String stream) throws BufferException {
        synchronized (reader) {
            try {
                return acked(stream);
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read of ack watermark failed: " + e.getMessage(), e);
            }
        }
    }

    /** The stream's ack watermark: the committed one, or the one held for the next grouped commit when higher. */
    private long acked(String stream) throws SQLException {
        long held = commits.heldAck(stream);
        try (PreparedStatement ps = reader.prepareStatement("SELECT acked_through FROM stream_state WHERE stream=?")) {
            ps.setString(1, stream);
            try (ResultSet rs = ps.executeQuery()) {
                return Math.max(held, rs.next() ? rs.getLong(1) : 0);
            }
        }
    }

    @Override
    public List<BufferedRecord> after(String stream, long afterSeq, int max) throws BufferException {
        synchronized (reader) {
            try {
                if (!READINGS.equals(stream)) {
                    selectDocsAfter.setString(1, stream);
                    selectDocsAfter.setLong(2, afterSeq);
                    selectDocsAfter.setInt(3, max);
                    return docs(stream, selectDocsAfter);
                }
                // only the rows added since the last read; the generation is read before the query (a drop
                // committed after it empties the tail at the next read)
                long generation = retention.dropGeneration();
                List<BufferedRecord> out = afterSeq < retention.deletedThrough() ? null : tail.after(afterSeq, max, generation);
                if (out == null) out = new ArrayList<>();
                if (out.size() >= max) return tail.keep(afterSeq, out, generation);
                List<BufferedRecord> rows = out;
                ReadingBlocks.scan(reader, out.isEmpty() ? afterSeq : out.get(out.size() - 1).seq(), (seq, pointId, ts, value, q) -> {
                    rows.add(new BufferedRecord(seq, new Reading(pointName(pointId), ts, value, QUALITIES[q])));
                    return rows.size() < max;
                });
                return tail.keep(afterSeq, out, generation);
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read of " + stream + " after seq " + afterSeq + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** The name of a point id (reader lock held); the table is read again for an id not seen yet. */
    private String pointName(long id) throws SQLException {
        String name = pointNames.get(id);
        if (name != null) return name;
        try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT id, name FROM point")) {
            while (rs.next()) pointNames.put(rs.getLong(1), rs.getString(2));
        }
        name = pointNames.get(id);
        if (name == null) throw new SQLException("reading of unknown point id " + id);
        return name;
    }

    @Override
    public synchronized void markAcked(String stream, long through) throws BufferException {
        commits.markAcked(stream, through);
    }

    @Override
    public BufferStats stats() throws BufferException {
        long dropped;
        long gaps;
        int held;
        long last;
        synchronized (this) {
            dropped = retention.droppedReadings + commits.droppedReadings();
            gaps = commits.gapRecords() + retention.gapRecords;
            held = commits.heldCycles();
            last = commits.lastSeq();
        }
        synchronized (reader) {
            try {
                long acked = acked(READINGS);
                long now = System.nanoTime();
                // Counting scans the blocks (one row per grouped commit). The agent asks every second, so a big buffer
                // (a long outage) is recounted only every max(10 s, 20 x the cost of a count), not continuously.
                boolean fresh = counts == null || countCostNanos < SLOW_COUNT_NANOS
                        || now - countedAtNanos > Math.max(10_000_000_000L, 20 * countCostNanos);
                if (fresh) {
                    long[] rc = ReadingBlocks.counts(reader, acked);
                    counts = new long[] {rc[0], rc[1], rc[2], ReadingBlocks.firstTsAfter(reader, acked)};
                    countedAtNanos = now;
                    countCostNanos = System.nanoTime() - now;
                }
                long[] c = counts;
                return new BufferStats(epoch, c[0], Math.max(last, c[1]), acked, c[2], c[3], fileBytes(file), dropped, gaps, held);
            } catch (Exception e) {
                throw new BufferException("buffer " + file + ": stats failed: " + e.getMessage(), e);
            }
        }
    }

    /** A count slower than this is not repeated at every {@link #stats()} call. */
    private static final long SLOW_COUNT_NANOS = 50_000_000L;
    /** {rows, max seq, backlog, oldest unacknowledged ts} of the last count; guarded by {@code reader}. */
    private long[] counts;
    private long countedAtNanos;
    private long countCostNanos;

    /** Bytes of the database file with its -wal and -shm files. */
    public static long fileBytes(Path file) {
        long bytes = 0;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Path p = Path.of(file.toAbsolutePath() + suffix);
                if (Files.exists(p)) bytes += Files.size(p);
            } catch (java.io.IOException ignored) {
                // the file went away between the two calls: count it as empty
            }
        }
        return bytes;
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        if (commits.closed()) return;
        commits.close();
        try {
            writer.update("UPDATE meta SET value='1' WHERE key='clean'");
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            log.warn("buffer {}: clean-shutdown mark not written: {}", file, e.getMessage());
        }
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
