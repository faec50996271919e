package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The write side of {@link SqliteBuffer}: poll cycles and acks held in memory (disk full, or grouped for
 * {@code commitEvery}; an event or gap commits at once, durably) and committed in one transaction, durable at least
 * every {@code syncEvery}; reading seqs are assigned here. Not thread-safe: used under the buffer's lock, which the
 * commit timer takes too. Trap: a held ack is visible to readers ({@link #heldAck}) before a power cut can lose it.
 */
final class GroupedCommits {
    /** The buffer's logger: these lines read as the buffer's, as before this class was split out of it. */
    private static final Logger log = LoggerFactory.getLogger(SqliteBuffer.class);
    /** Grouped: ack watermarks are written at most this often (a lost one only repeats a batch the platform de-duplicates). */
    static final long ACK_WRITE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Object lock;
    private final Path file;
    private final BufferSettings settings;
    private final SqliteWriter writer;
    private final Retention retention;
    private final SqliteCursors cursors;
    private final PendingCycles pending;
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
    private long acksWrittenAt = System.nanoTime();
    /** Readings are synced at least every {@code syncEvery} (0: only with events, gaps, checkpoints); the last sync. */
    private final long syncEveryNanos;
    private long syncedAt = System.nanoTime();

    /** {@code lock} is the buffer's; {@code lastSeq} and {@code gapRecords} are what the buffer found (or wrote) at open. */
    GroupedCommits(Object lock, Path file, BufferSettings settings, SqliteWriter writer, Retention retention,
                   SqliteCursors cursors, long lastSeq, long gapRecords) {
        this.lock = lock;
        this.file = file;
        this.settings = settings;
        this.writer = writer;
        this.retention = retention;
        this.cursors = cursors;
        this.pending = new PendingCycles(settings.memoryCycles());
        this.lastSeq = lastSeq;
        this.gapRecords = gapRecords;
        this.commitEveryNanos = settings.commitEvery().toNanos();
        this.syncEveryNanos = settings.syncEvery().toNanos();
        this.committer = commitEveryNanos == 0 ? null : Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "buffer-commit");
            th.setDaemon(true);
            return th;
        });
    }

    long append(List<Reading> readings, List<Doc> docs, String detectorState) throws BufferException {
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

    void flush() throws BufferException {
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
        synchronized (lock) {
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
        Long readings = acks.get(Buffer.READINGS);
        if (readings != null && settings.keepAcked() != null && settings.keepAcked().isZero()) {
            long free = Math.min(readings, cursors.heldFrom(Buffer.READINGS)); // an HJ 212 uplink may still want them
            for (int i = 0; i < 20 && retention.deleteAckedUncommitted(free) > 0; i++) {
                // chunks, as markAcked frees them
            }
        }
    }

    private void upsertAck(String stream, long through) throws SQLException {
        writer.update("INSERT INTO stream_state(stream, acked_through) VALUES (?, ?) "
                + "ON CONFLICT(stream) DO UPDATE SET acked_through = max(acked_through, excluded.acked_through)", stream, through);
    }

    /** Held for the next grouped commit when grouped (and writable), else written and committed now. */
    void markAcked(String stream, long through) throws BufferException {
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
        if (Buffer.READINGS.equals(stream) && settings.keepAcked() != null && settings.keepAcked().isZero() && pending.isEmpty()) {
            try {
                long free = Math.min(through, cursors.heldFrom(Buffer.READINGS)); // an HJ 212 uplink may still want them
                for (int i = 0; i < 20 && retention.deleteAcked(free) > 0; i++) {
                    // small chunks, each a short transaction, so a poll cycle never waits long
                }
            } catch (SQLException e) {
                writer.rollback();
                log.debug("buffer {}: acknowledged readings not deleted now: {}", file, e.getMessage());
            }
        }
    }

    /** The ack watermark held for the next grouped commit (0 if none); safe without the lock. */
    long heldAck(String stream) {
        return heldAcks.getOrDefault(stream, 0L);
    }

    /** The newest detector state held in memory, or null. */
    String heldState() {
        return pending.latestState();
    }

    long lastSeq() {
        return lastSeq;
    }

    long gapRecords() {
        return gapRecords;
    }

    /** Readings dropped in all for lack of memory while the disk refused writes. */
    long droppedReadings() {
        return pending.droppedTotal;
    }

    int heldCycles() {
        return pending.size();
    }

    boolean closed() {
        return closed;
    }

    /** Stops the timer and writes everything held (logged when the disk still refuses); later appends fail. */
    void close() {
        closed = true;
        if (committer != null) committer.shutdownNow();
        if (!pending.isEmpty() || !heldAcks.isEmpty()) writeHeld();
        if (!pending.isEmpty()) {
            log.error("buffer {}: closing with {} poll cycles still held in memory (disk refusing writes): they are lost",
                    file, pending.size());
        }
    }
}
