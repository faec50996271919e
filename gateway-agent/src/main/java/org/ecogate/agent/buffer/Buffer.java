package org.ecogate.agent.buffer;

import org.ecogate.agent.model.Reading;
import org.ecogate.agentstatus.StreamCounters;

import java.util.List;

/**
 * The agent's local store between acquisition and uplink. A poll cycle is appended atomically; records
 * leave (are marked acknowledged) only when the platform's ack says they were committed there.
 * Implementations are thread-safe.
 */
public interface Buffer extends AutoCloseable {
    /** Stream name of raw readings. */
    String READINGS = "readings";
    /** Stream of detector events (outages, data gaps, warnings): never dropped, sent first. */
    String EVENTS = "events";
    /** Stream of minute/hour aggregates and daily ledgers. */
    String SUMMARIES = "summaries";
    /**
     * Stream of buffer gap records: raw readings the buffer had to drop (quota, age, disk full) and buffers
     * recreated after corruption. Never dropped, sent right after events.
     */
    String GAPS = "gaps";
    /** Every stream, in upload priority order. */
    java.util.List<String> STREAMS = java.util.List.of(EVENTS, GAPS, SUMMARIES, READINGS);

    /** Changes whenever the buffer is recreated, so sequence numbers of two buffers are never confused. */
    long epoch();

    /**
     * Stores one poll cycle in one transaction; returns the last sequence number assigned (0 if empty, or if the
     * cycle is held in memory because the disk refuses writes: see {@link #appendCycle}).
     */
    default long append(List<Reading> cycle) throws BufferException {
        return appendCycle(cycle, List.of(), null);
    }

    /**
     * Stores a poll cycle's readings, the documents (events, summaries) the detector derived from them, and the
     * detector's state (when not null) in ONE transaction: after a crash either all of it is there or none.
     * Returns the last reading sequence number assigned (0 if no readings).
     * <p>When the disk refuses the write (full, I/O error) the cycle is kept in a bounded memory queue instead and
     * 0 is returned; queued cycles are written, in order, before later ones as soon as the disk accepts writes.
     */
    long appendCycle(List<Reading> readings, List<Doc> docs, String detectorState) throws BufferException;

    /** Commits now whatever waits for a grouped commit ({@code buffer.commitEvery}): before a drain at stop. */
    default void flush() throws BufferException {}

    /** The detector state saved by the last {@link #appendCycle}, or null. */
    String detectorState() throws BufferException;

    /** Highest sequence number assigned in the stream (0 if none), without counting anything. */
    long lastSeq(String stream) throws BufferException;

    /** Documents of {@code stream} with time in [fromTs, toTs], in seq order, at most {@code max} (HJ 212 re-send). */
    List<BufferedRecord> docsBetween(String stream, long fromTs, long toTs, int max) throws BufferException;

    /** Highest sequence the platform acknowledged for the stream (0 if none). */
    long ackedThrough(String stream) throws BufferException;

    /** Up to {@code max} records of the stream with sequence above {@code afterSeq}, in sequence order. */
    List<BufferedRecord> after(String stream, long afterSeq, int max) throws BufferException;

    /** Records the platform's cumulative acknowledgement; never moves backwards. */
    void markAcked(String stream, long through) throws BufferException;

    BufferStats stats() throws BufferException;

    /** Delivery cursors of the extra uplinks (HJ 212); retention honours them. */
    UplinkCursors cursors();

    /** The counters of any stream (for readings the same as {@link #stats()}'s, counted at most as often). */
    default StreamCounters counters(String stream) throws BufferException {
        return READINGS.equals(stream) ? stats().readings() : StreamCounters.acked(ackedThrough(stream));
    }

    /**
     * Feeds {@code sink} the buffered readings stamped at or after {@code fromTs}, in sequence order, through
     * {@link #after} (rebuilding summary windows at start, audits). The first sequence is found by bisection on the
     * readings' times, less {@code marginMs}: readings stamped more than that out of order (a clock step back) before
     * the found position are not seen. Returns how many were fed.
     */
    default long readingsSince(long fromTs, long marginMs, java.util.function.Consumer<Reading> sink) throws BufferException {
        long lo = 0;
        long hi = lastSeq(READINGS);
        while (lo < hi) { // first seq whose reading is stamped at or after fromTs - margin
            long mid = lo + (hi - lo) / 2;
            List<BufferedRecord> r = after(READINGS, mid, 1);
            if (r.isEmpty()) {
                hi = mid;
            } else if (r.get(0).reading().ts() < fromTs - marginMs) {
                lo = r.get(0).seq();
            } else {
                hi = mid;
            }
        }
        long n = 0;
        long seq = lo;
        while (true) {
            List<BufferedRecord> page = after(READINGS, seq, 2_000);
            if (page.isEmpty()) return n;
            for (BufferedRecord r : page) {
                if (r.reading().ts() >= fromTs) {
                    sink.accept(r.reading());
                    n++;
                }
            }
            seq = page.get(page.size() - 1).seq();
        }
    }

    @Override
    void close();
}
