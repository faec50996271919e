package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Keeps a buffer within its limits: deletes acknowledged readings (promptly or after {@code keepAcked}), drops the
 * oldest unacknowledged readings when {@code maxBytes} or {@code maxAge} is exceeded, each drop committed together
 * with the gap record that names exactly the seq range, count and time range dropped. Documents are only deleted
 * once acknowledged: after {@code keepDocs}, or earlier when the quota would otherwise drop an unacknowledged reading. Every delete removes whole reading blocks from the front in seq
 * order, so the blocks always hold one contiguous seq range (a block goes once all of it may go: an ack in the middle
 * of a block keeps it; a drop takes the block holding its last seq whole, the gap record counting exactly what went). Not thread-safe: called under {@link SqliteBuffer}'s lock.
 * Trap: ages are found by binary search on seq, assuming time grows with seq (true for cycles appended in clock order).
 */
final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    static final int ACKED_CHUNK = 5_000;
    private static final int MAX_DROP_CHUNK = 200_000;
    private static final long CHECK_EVERY_MS = 10_000;
    /** The size quota is checked after this many readings or a second, whichever comes first. */
    static final int QUOTA_CHECK_READINGS = 1_000;

    private final SqliteWriter w;
    private final BufferSettings s;
    private final long walLimit;
    /** Pages in use at the last quota check, and the most they grew between two checks (the headroom kept below the limit). */
    private long usedAtLastCheck = -1;
    private long growth;
    private final SqliteCursors cursors;
    private long nextPeriodic;
    private long nextQuotaCheck;
    private long sinceQuotaCheck;
    private boolean warnedDocsOverQuota;
    private boolean loggedAckedDocs;
    /** Acknowledged documents deleted early to keep the quota without dropping unacknowledged readings. */
    long ackedDocsDeleted;
    private static final int DOC_CHUNK = 2_000;
    long droppedReadings;
    private volatile long dropGeneration;
    private volatile long deletedThrough;
    long gapRecords;

    Retention(SqliteWriter w, BufferSettings s, long walLimit, SqliteCursors cursors) {
        this.w = w;
        this.cursors = cursors;
        this.s = s;
        this.walLimit = walLimit;
    }

    /** The WAL bound for a quota: small against the quota so the database file itself can use most of it. */
    static long walLimit(long maxBytes) {
        if (maxBytes <= 0) return 4L << 20;
        return Math.max(64L << 10, Math.min(4L << 20, maxBytes / 16));
    }

    /** Database bytes in use (pages minus free pages): what the quota compares with. */
    long usedBytes() throws SQLException {
        long pageSize = w.queryLong("PRAGMA page_size");
        return (w.queryLong("PRAGMA page_count") - w.queryLong("PRAGMA freelist_count")) * pageSize;
    }

    /** The most the database pages may use: the quota less room for the WAL (twice its bound) and the -shm file. */
    long usedLimit() {
        return Math.max(64L << 10, s.maxBytes() - 2 * walLimit - (64L << 10));
    }

    /** After each committed cycle: the size quota every {@value #QUOTA_CHECK_READINGS} readings or second, ages every {@value #CHECK_EVERY_MS} ms. */
    void afterCycle(int readingsWritten) throws SQLException {
        sinceQuotaCheck += readingsWritten;
        long now = s.clock().millis();
        boolean quota = s.maxBytes() > 0 && (sinceQuotaCheck >= QUOTA_CHECK_READINGS || now >= nextQuotaCheck);
        boolean periodic = now >= nextPeriodic;
        if (!quota && !periodic) return;
        try {
            long acked = acked(Buffer.READINGS);
            if (quota) {
                sinceQuotaCheck = 0;
                nextQuotaCheck = now + 1_000;
                enforceQuota(acked);
            }
            if (periodic) {
                nextPeriodic = now + CHECK_EVERY_MS;
                periodic(acked, now);
            }
        } finally {
            w.commit(); // ends the read transaction the checks opened, so checkpoints are not held back
        }
    }

    private void periodic(long acked, long now) throws SQLException {
        cursors.enforceAgeCaps(now);
        if (!s.maxAge().isZero()) enforceAge(acked, now);
        if (s.keepAcked() != null && !s.keepAcked().isZero()) {
            long through = Math.min(acked, lastSeqBefore(now - s.keepAcked().toMillis()));
            while (deleteAcked(through) > 0) {
                // chunks of ACKED_CHUNK, each its own short transaction
            }
        }
        deleteOldDocs(now);
    }

    /** Deletes whole blocks of acknowledged readings (seq ≤ through, about {@link #ACKED_CHUNK} readings), oldest first; returns how many readings. */
    int deleteAcked(long through) throws SQLException {
        int n = deleteAckedUncommitted(through);
        w.commit();
        return n;
    }

    /** As {@link #deleteAcked}, inside the caller's transaction (a grouped commit). */
    int deleteAckedUncommitted(long through) throws SQLException {
        long first = firstSeq();
        if (first == 0 || first > through) return 0;
        String blocks = "FROM reading_block WHERE first_seq BETWEEN ? AND ? AND first_seq + n - 1 <= ?";
        long n = w.queryLong("SELECT coalesce(sum(n), 0) " + blocks, first, first + ACKED_CHUNK - 1, through);
        if (n == 0) return 0;
        long last = w.queryLong("SELECT max(first_seq + n - 1) " + blocks, first, first + ACKED_CHUNK - 1, through);
        w.markSeq();
        w.update("DELETE " + blocks, first, first + ACKED_CHUNK - 1, through);
        if (last > deletedThrough) deletedThrough = last; // too high after a rollback: the sender's tail is only re-read
        return (int) n;
    }

    /** Changes with every drop of unacknowledged readings (the sender's cached rows may be gone). Any thread. */
    long dropGeneration() {
        return dropGeneration;
    }

    /** The highest seq deleted as acknowledged (0 if none). Any thread. */
    long deletedThrough() {
        return deletedThrough;
    }

    private void enforceQuota(long acked) throws SQLException {
        long used = usedBytes();
        // headroom for what arrives before the next check (one grouped commit at full rate lands before it is checked)
        if (usedAtLastCheck >= 0 && used > usedAtLastCheck) growth = Math.max(growth, Math.min(used - usedAtLastCheck, usedLimit() / 4));
        long limit = usedLimit() - growth;
        usedAtLastCheck = used;
        if (used <= limit) return;
        long low = limit - Math.max(limit / 50, 32L << 10);
        long rows = Math.max(1_000, (used - low) / 8); // a few bytes per packed reading
        for (int round = 0; round < 50 && used > low; round++) {
            long first = firstSeq();
            long ackedEnd = first == 0 ? 0 : w.queryLong(
                    "SELECT coalesce(max(first_seq + n - 1), 0) FROM reading_block WHERE first_seq + n - 1 <= ?", acked);
            if ((first == 0 || ackedEnd < first) && deleteAckedDocs() > 0) { // acknowledged documents go before any unacknowledged reading
                used = usedBytes();
                continue;
            }
            if (first == 0) {
                if (!warnedDocsOverQuota) {
                    log.warn("buffer {}: over its quota of {} bytes with no readings left to drop: events, gaps and summaries are never dropped",
                            w.file, s.maxBytes());
                    warnedDocsOverQuota = true;
                }
                return;
            }
            long chunk = Math.min(MAX_DROP_CHUNK, rows);
            if (ackedEnd >= first) chunk = Math.min(chunk, ackedEnd - first + 1); // acknowledged readings first, alone
            dropThrough(first, first + chunk - 1, acked, GapDocs.QUOTA);
            long after = usedBytes();
            long freed = used - after;
            rows = freed > 0 ? Math.max(100, (after - low) * chunk / freed + 1) : chunk * 2;
            used = after;
        }
        usedAtLastCheck = used;
    }

    private void enforceAge(long acked, long now) throws SQLException {
        long cutoff = now - s.maxAge().toMillis();
        long first = firstSeq();
        if (first == 0 || tsMin(first) >= cutoff) return;
        // drop a little beyond the limit so drops come in few, larger steps (fewer gap records)
        long slack = Math.min(s.maxAge().toMillis() / 50, Duration.ofHours(1).toMillis());
        long through = lastSeqBefore(cutoff + slack);
        while (first != 0 && first <= through) {
            dropThrough(first, Math.min(through, first + MAX_DROP_CHUNK - 1), acked, GapDocs.MAX_AGE);
            first = firstSeq();
        }
    }

    /**
     * Deletes readings first..last in one transaction, extended to the end of the block holding {@code last} (whole
     * blocks); the unacknowledged part is recorded as a gap and counted.
     */
    private void dropThrough(long first, long last, long acked, String reason) throws SQLException {
        last = Math.min(last, w.lastReadingSeq());
        last = Math.max(last, w.queryLong("SELECT coalesce(max(first_seq + n - 1), 0) FROM reading_block WHERE first_seq BETWEEN ? AND ?", first, last));
        long from = Math.max(first, acked + 1);
        boolean gap = from <= last;
        long count = 0;
        long fromSeq = 0;
        long toSeq = 0;
        long fromTs = 0;
        long toTs = 0;
        w.sync(gap);
        try {
            if (gap) {
                long[] r = ReadingBlocks.range(w.c, from, last);
                count = r[0];
                fromSeq = r[1];
                toSeq = r[2];
                fromTs = r[3];
                toTs = r[4];
                gap = count > 0;
            }
            w.markSeq();
            w.update("DELETE FROM reading_block WHERE first_seq BETWEEN ? AND ?", first, last);
            if (gap) w.insertDoc(GapDocs.dropped(fromSeq, toSeq, count, fromTs, toTs, reason, s.clock().millis()));
            w.commit();
            dropGeneration++; // rows gone: the sender's cached tail may hold them
        } catch (SQLException | RuntimeException e) {
            w.rollback();
            throw e;
        }
        if (gap) {
            droppedReadings += count;
            gapRecords++;
            log.warn("buffer {}: {} limit reached: dropped {} unacknowledged readings seq {}..{} ({} .. {}), recorded as a gap",
                    w.file, reason, count, fromSeq, toSeq, java.time.Instant.ofEpochMilli(fromTs), java.time.Instant.ofEpochMilli(toTs));
        }
    }

    /**
     * Over the quota with no acknowledged reading left: deletes the oldest acknowledged documents (up to
     * {@value #DOC_CHUNK} per stream) before their {@code keepDocs}, so that acknowledged summaries kept for local
     * inspection never push out readings the platform has not received. Returns how many.
     */
    private int deleteAckedDocs() throws SQLException {
        int n = 0;
        for (String stream : List.of(Buffer.SUMMARIES, Buffer.EVENTS, Buffer.GAPS)) {
            n += w.update("DELETE FROM doc WHERE stream=? AND seq IN (SELECT seq FROM doc WHERE stream=? AND seq <= ? ORDER BY seq LIMIT ?)",
                    stream, stream, acked(stream), DOC_CHUNK);
        }
        w.commit();
        if (n > 0) {
            ackedDocsDeleted += n;
            if (!loggedAckedDocs) {
                log.info("buffer {}: over its quota of {} bytes: deleting acknowledged documents before their keepDocs ({} now) "
                        + "rather than readings the platform has not received", w.file, s.maxBytes(), n);
                loggedAckedDocs = true;
            }
        }
        return n;
    }

    private void deleteOldDocs(long now) throws SQLException {
        long cutoff = now - s.keepDocs().toMillis();
        int n = 0;
        for (String stream : List.of(Buffer.EVENTS, Buffer.GAPS, Buffer.SUMMARIES)) {
            n += w.update("DELETE FROM doc WHERE stream=? AND ts < ? AND seq <= ?", stream, cutoff, acked(stream));
        }
        w.commit();
        if (n > 0) log.debug("buffer {}: deleted {} acknowledged documents older than {}", w.file, n, s.keepDocs());
    }

    long firstSeq() throws SQLException {
        return w.queryLong("SELECT coalesce(min(first_seq), 0) FROM reading_block");
    }

    /** Freeable through: the sync's ack watermark, held back by every extra uplink (HJ 212) wanting the stream. */
    private long acked(String stream) throws SQLException {
        return Math.min(cursors.heldFrom(stream),
                w.queryLong("SELECT coalesce(max(acked_through), 0) FROM stream_state WHERE stream=?", stream));
    }

    /** Oldest time in the block starting at or after {@code seq}. */
    private long tsMin(long seq) throws SQLException {
        return w.queryLong("SELECT ts_min FROM reading_block WHERE first_seq >= ? ORDER BY first_seq LIMIT 1", seq);
    }

    /**
     * The last seq of the longest run of oldest blocks whose readings are all older than {@code ts} (0 if none), by
     * binary search over the blocks' first seqs.
     */
    long lastSeqBefore(long ts) throws SQLException {
        long lo = firstSeq();
        if (lo == 0 || tsMax(lo) >= ts) return 0;
        long hi = w.queryLong("SELECT max(first_seq) FROM reading_block");
        if (tsMax(hi) < ts) return lastOf(hi);
        // invariant: block lo is older than ts; no block starting at or above hi is (time grows with seq)
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            long at = w.queryLong("SELECT coalesce(min(first_seq), 0) FROM reading_block WHERE first_seq >= ?", mid);
            if (at == 0 || at >= hi) hi = mid; // no block starts in [mid, hi): the answer lies below mid
            else if (tsMax(at) < ts) lo = at;
            else hi = at;
        }
        return lastOf(lo);
    }

    private long tsMax(long firstSeq) throws SQLException {
        return w.queryLong("SELECT ts_max FROM reading_block WHERE first_seq = ?", firstSeq);
    }

    private long lastOf(long firstSeq) throws SQLException {
        return w.queryLong("SELECT first_seq + n - 1 FROM reading_block WHERE first_seq = ?", firstSeq);
    }
}
