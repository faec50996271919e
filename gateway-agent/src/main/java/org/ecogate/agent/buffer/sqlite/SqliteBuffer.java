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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * SQLite (WAL) implementation of {@link Buffer}, within the limits of its {@link BufferSettings}. One writer
 * connection guarded by this object's lock (appends, acks, retention), one reader connection for the uplink and
 * stats, so reads never wait for a poll cycle's commit. Reading seqs come from AUTOINCREMENT and are never reused.
 * When the disk refuses a write, cycles wait in a bounded memory queue and are written in order later. With
 * {@code commitEvery} > 0, readings and acks wait in that queue at most that long and share one transaction (a cycle
 * with an event or gap record commits at once, durably, with everything held before it); a commit is durable at
 * least every {@code syncEvery}, so a power cut loses at most max(commitEvery, syncEvery) of readings. Trap: the quality is stored as a small integer (ordinal of {@link Quality}); never
 * reorder that enum.
 */
public final class SqliteBuffer implements Buffer {
    private static final Logger log = LoggerFactory.getLogger(SqliteBuffer.class);
    private static final Quality[] QUALITIES = Quality.values();

    private final Path file;
    private final BufferSettings settings;
    private final SqliteWriter writer;
    private final Connection reader;
    /** The sync sender's last read of readings (guarded by {@link #reader}). */
    private final ReadingTail tail = new ReadingTail();
    private final PreparedStatement selectAfter;
    private final PreparedStatement selectDocsAfter;
    private final Retention retention;
    private final SqliteCursors cursors;
    private final PendingCycles pending;
    private final long epoch;
    private long lastSeq;
    private long gapRecords;
    private long degradedSince = -1;
    private long nextRetentionWarning;
    private boolean closed;
    /** Grouped commits: the wait (0 = none), the timer thread, the pending commit, acks not yet written. */
    private final long commitEveryNanos;
    private final ScheduledExecutorService committer;
    private ScheduledFuture<?> commitDue;
    private long commitAt;
    private final Map<String, Long> heldAcks = new ConcurrentHashMap<>();
    /** Grouped: ack watermarks are written at most this often (a lost one only repeats a batch the platform de-duplicates). */
    static final long ACK_WRITE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private long acksWrittenAt = System.nanoTime();
    /** Readings are synced at least every {@code syncEvery} (0: only with events, gaps, checkpoints); the last sync. */
    private final long syncEveryNanos;
    private long syncedAt = System.nanoTime();

    private SqliteBuffer(Path file, BufferSettings settings) throws Exception {
        this.file = file;
        this.settings = settings;
        long walLimit = Retention.walLimit(settings.maxBytes());
        BufferFile.Opened o = BufferFile.open(file, walLimit, settings.clock());
        this.writer = new SqliteWriter(file, o.connection());
        this.epoch = o.epoch();
        this.cursors = new SqliteCursors(this, writer);
        this.retention = new Retention(writer, settings, walLimit, cursors);
        this.pending = new PendingCycles(settings.memoryCycles());
        this.commitEveryNanos = settings.commitEvery().toNanos();
        this.syncEveryNanos = settings.syncEvery().toNanos();
        Connection r = null;
        try {
            if (o.recreated() != null) {
                writer.writeCycle(List.of(), List.of(o.recreated()), null, 0);
                gapRecords++;
            }
            lastSeq = writer.lastReadingSeq();
            writer.commit();
            r = BufferFile.connect(file, walLimit);
            selectDocsAfter = r.prepareStatement("SELECT seq, key, ts, body FROM doc WHERE stream=? AND seq > ? ORDER BY seq LIMIT ?");
            selectAfter = r.prepareStatement("SELECT r.seq, p.name, r.ts, r.value, r.quality FROM reading r "
                    + "JOIN point p ON p.id = r.point_id WHERE r.seq > ? ORDER BY r.seq LIMIT ?");
        } catch (Exception e) {
            if (r != null) r.close();
            writer.close();
            throw e;
        }
        this.reader = r;
        this.committer = commitEveryNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "buffer-commit");
            th.setDaemon(true);
            return th;
        });
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
        if (closed) throw new BufferException("buffer " + file + ": closed", null);
        boolean degraded = degradedSince >= 0;
        if (degraded) writeHeld(); // room for this cycle first, if the disk takes writes again
        pending.add(new PendingCycles.Cycle(List.copyOf(readings), List.copyOf(docs), detectorState));
        if (commitEveryNanos > 0 && !degraded && !SqliteWriter.needsFullSync(docs) && pending.size() < holdLimit()) {
            scheduleCommit(commitEveryNanos);
            return 0;
        }
        return commitHeld();
    }

    @Override
    public synchronized void flush() throws BufferException {
        if (closed || (pending.isEmpty() && heldAcks.isEmpty())) return;
        commitHeld();
        if (!pending.isEmpty()) throw new BufferException("buffer " + file + ": held readings not written (the disk refuses writes)", null);
    }

    /** Cycles held for a grouped commit before it is written early (half the memory queue: room for a full disk). */
    private int holdLimit() {
        return Math.max(1, settings.memoryCycles() / 2);
    }

    /** A grouped commit at most {@code delayNanos} from now (an earlier one already due stays). */
    private void scheduleCommit(long delayNanos) {
        long at = System.nanoTime() + delayNanos;
        if (commitDue != null && !commitDue.isDone()) {
            if (commitAt - at <= 0) return;
            commitDue.cancel(false);
        }
        commitAt = at;
        commitDue = committer.schedule(this::commitOnTimer, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void commitOnTimer() {
        synchronized (this) {
            if (closed || (pending.isEmpty() && heldAcks.isEmpty())) return;
            try {
                commitHeld();
            } catch (RuntimeException e) {
                log.error("buffer {}: grouped commit failed: {}", file, e.toString());
            }
            if (closed) return;
            if (!pending.isEmpty()) scheduleCommit(commitEveryNanos); // the disk refused: retry
            else if (!heldAcks.isEmpty()) scheduleCommit(Math.max(1_000_000, ACK_WRITE_EVERY_NANOS - (System.nanoTime() - acksWrittenAt)));
        }
    }

    /** Writes every held cycle and ack now, then enforces the limits; returns the last reading seq written (0 if none). */
    private long commitHeld() {
        if (commitDue != null) commitDue.cancel(false);
        int readings = 0;
        for (PendingCycles.Cycle c : pending.cycles()) readings += c.readings().size();
        long last = writeHeld();
        if (!pending.isEmpty()) return 0;
        try {
            retention.afterCycle(readings);
        } catch (SQLException e) {
            writer.rollback();
            long now = settings.clock().millis();
            if (now >= nextRetentionWarning) {
                nextRetentionWarning = now + 60_000;
                log.warn("buffer {}: limits not enforced this time: {}", file, e.getMessage());
            }
        }
        return last;
    }

    /**
     * Writes every held cycle and ack in ONE transaction (durable when grouped or when it carries an event or gap);
     * returns the last reading seq written, 0 when none or when the disk refused (everything stays held then).
     */
    private long writeHeld() {
        if (pending.isEmpty() && heldAcks.isEmpty()) return 0;
        long nowNanos = System.nanoTime();
        boolean acksDue = !heldAcks.isEmpty() && (closed || commitEveryNanos == 0 || nowNanos - acksWrittenAt >= ACK_WRITE_EVERY_NANOS
                || pending.cycles().stream().anyMatch(c -> SqliteWriter.needsFullSync(c.docs())));
        if (pending.isEmpty() && !acksDue) return 0;
        long skip = pending.droppedBeforeHead();
        List<PendingCycles.Cycle> cycles = pending.cycles();
        List<Reading> readings = cycles.size() == 1 ? cycles.get(0).readings() : new ArrayList<>();
        List<Doc> docs = cycles.size() == 1 && skip == 0 ? cycles.get(0).docs() : new ArrayList<>();
        String state = null;
        long now = settings.clock().millis();
        if (skip > 0) {
            docs.add(GapDocs.dropped(lastSeq + 1, lastSeq + skip, skip, pending.droppedFromTs(), pending.droppedToTs(),
                    GapDocs.DISK_FULL, now));
        }
        for (PendingCycles.Cycle c : cycles) {
            if (cycles.size() > 1) readings.addAll(c.readings());
            if (cycles.size() > 1 || skip > 0) docs.addAll(c.docs());
            if (c.state() != null) state = c.state();
        }
        Map<String, Long> acks = acksDue ? Map.copyOf(heldAcks) : Map.of();
        // durable when the NEXT grouped commit would come after syncEvery: so a reading is on the flash at most
        // max(commitEvery, syncEvery) after it was appended (50 ms slack for the timer)
        boolean durable = SqliteWriter.needsFullSync(docs)
                || (syncEveryNanos > 0 && nowNanos - syncedAt + commitEveryNanos + 50_000_000L >= syncEveryNanos);
        long written;
        try {
            written = writer.writeCycle(readings, docs, state, skip, durable, acks.isEmpty() ? null : () -> writeAcks(acks));
        } catch (SQLException e) {
            if (degradedSince < 0) {
                degradedSince = now;
                log.error("buffer {}: cannot write ({}): holding poll cycles in memory (at most {}) and retrying on every cycle",
                        file, e.getMessage(), settings.memoryCycles());
            }
            return 0;
        }
        acks.forEach((stream, through) -> heldAcks.remove(stream, through)); // a newer ack that came meanwhile stays
        if (acksDue) acksWrittenAt = nowNanos;
        if (durable) syncedAt = nowNanos;
        if (skip > 0) {
            gapRecords++;
            log.warn("buffer {}: {} readings of {} .. {} did not fit in memory while the disk was full: recorded as gap seq {}..{}",
                    file, skip, java.time.Instant.ofEpochMilli(pending.droppedFromTs()),
                    java.time.Instant.ofEpochMilli(pending.droppedToTs()), lastSeq + 1, lastSeq + skip);
            lastSeq += skip;
        }
        long last = 0;
        if (written > 0) last = lastSeq = written;
        pending.allWritten();
        if (degradedSince >= 0) {
            log.info("buffer {}: writable again after {} ms: every held cycle written ({} readings dropped in all for lack of memory)",
                    file, settings.clock().millis() - degradedSince, pending.droppedTotal);
            degradedSince = -1;
        }
        return last;
    }

    /** Inside a grouped commit: the held ack watermarks, and acknowledged readings freed when they are not kept. */
    private void writeAcks(Map<String, Long> acks) throws SQLException {
        for (Map.Entry<String, Long> a : acks.entrySet()) upsertAck(a.getKey(), a.getValue());
        Long readings = acks.get(READINGS);
        if (readings != null && settings.keepAcked() != null && settings.keepAcked().isZero()) {
            long free = Math.min(readings, cursors.heldFrom(READINGS)); // an HJ 212 uplink may still want them
            for (int i = 0; i < 20 && retention.deleteAckedUncommitted(free) == Retention.ACKED_CHUNK; i++) {
                // chunks, as markAcked frees them
            }
        }
    }

    private void upsertAck(String stream, long through) throws SQLException {
        writer.update("INSERT INTO stream_state(stream, acked_through) VALUES (?, ?) "
                + "ON CONFLICT(stream) DO UPDATE SET acked_through = max(acked_through, excluded.acked_through)", stream, through);
    }

    @Override
    public synchronized String detectorState() throws BufferException {
        String held = pending.latestState();
        if (held != null) return held;
        try (Statement st = writer.c.createStatement();
             ResultSet rs = st.executeQuery("SELECT value FROM meta WHERE key='detector_state'")) {
            String v = rs.next() ? rs.getString(1) : null;
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
                return lastSeq;
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
        long held = heldAcks.getOrDefault(stream, 0L);
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
                selectAfter.setLong(1, out.isEmpty() ? afterSeq : out.get(out.size() - 1).seq());
                selectAfter.setInt(2, max - out.size());
                try (ResultSet rs = selectAfter.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(4);
                        Double value = rs.wasNull() ? null : v;
                        out.add(new BufferedRecord(rs.getLong(1),
                                new Reading(rs.getString(2), rs.getLong(3), value, QUALITIES[rs.getInt(5)])));
                    }
                }
                return tail.keep(afterSeq, out, generation);
            } catch (SQLException e) {
                throw new BufferException("buffer " + file + ": read of " + stream + " after seq " + afterSeq + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void markAcked(String stream, long through) throws BufferException {
        if (commitEveryNanos > 0 && degradedSince < 0 && !closed) {
            // an ack lost to a power cut only makes the platform get a batch again (it de-duplicates)
            heldAcks.merge(stream, through, Math::max);
            scheduleCommit(Math.max(commitEveryNanos, ACK_WRITE_EVERY_NANOS - (System.nanoTime() - acksWrittenAt)));
            return;
        }
        try {
            upsertAck(stream, through);
            writer.commit();
        } catch (SQLException e) {
            writer.rollback();
            throw new BufferException("buffer " + file + ": ack of " + stream + " through " + through + " failed: " + e.getMessage(), e);
        }
        if (READINGS.equals(stream) && settings.keepAcked() != null && settings.keepAcked().isZero() && pending.isEmpty()) {
            try {
                long free = Math.min(through, cursors.heldFrom(READINGS)); // an HJ 212 uplink may still want them
                for (int i = 0; i < 20 && retention.deleteAcked(free) == Retention.ACKED_CHUNK; i++) {
                    // small chunks, each a short transaction, so a poll cycle never waits long
                }
            } catch (SQLException e) {
                writer.rollback();
                log.debug("buffer {}: acknowledged readings not deleted now: {}", file, e.getMessage());
            }
        }
    }

    @Override
    public BufferStats stats() throws BufferException {
        long dropped;
        long gaps;
        int held;
        long last;
        synchronized (this) {
            dropped = retention.droppedReadings + pending.droppedTotal;
            gaps = gapRecords + retention.gapRecords;
            held = pending.size();
            last = lastSeq;
        }
        synchronized (reader) {
            try (Statement st = reader.createStatement()) {
                long acked = acked(READINGS);
                long now = System.nanoTime();
                // Counting scans the table: ~1 s per 10 million rows. The agent asks every second, so a big buffer
                // (a long outage) is recounted only every max(10 s, 20 x the cost of a count), not continuously.
                boolean fresh = counts == null || countCostNanos < SLOW_COUNT_NANOS
                        || now - countedAtNanos > Math.max(10_000_000_000L, 20 * countCostNanos);
                if (fresh) {
                    long[] c = new long[4];
                    try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(max(seq), 0) FROM reading")) {
                        rs.next();
                        c[0] = rs.getLong(1);
                        c[1] = rs.getLong(2);
                    }
                    try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(min(ts), 0) FROM reading WHERE seq > " + acked)) {
                        rs.next();
                        c[2] = rs.getLong(1);
                        c[3] = rs.getLong(2);
                    }
                    counts = c;
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
        if (closed) return;
        closed = true;
        if (committer != null) committer.shutdownNow();
        if (!pending.isEmpty() || !heldAcks.isEmpty()) writeHeld();
        if (!pending.isEmpty()) {
            log.error("buffer {}: closing with {} poll cycles still held in memory (disk refusing writes): they are lost",
                    file, pending.size());
        }
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
