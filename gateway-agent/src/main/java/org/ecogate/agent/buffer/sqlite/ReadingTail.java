package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.BufferedRecord;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The readings the sync sender read last (at most one batch), so that its next read, one per poll cycle while new
 * readings linger for {@code uplink.latency}, fetches only the rows added since instead of the whole window again
 * (issue 12). Guarded by the buffer's reader lock. Trap: it may only serve rows still in the file: a drop of
 * unacknowledged rows (quota, age) changes the drop generation and empties it, acknowledged deletes are below it.
 */
final class ReadingTail {
    private List<BufferedRecord> rows = List.of(); // ascending seq, all > from
    private long from = -1;                        // the afterSeq they were read for, -1: nothing cached
    private long generation;

    /**
     * A new list of the cached rows with seq &gt; {@code afterSeq}, at most {@code max}; null when the cache cannot
     * answer (nothing cached, an older {@code afterSeq}, or rows dropped since: {@code generation} differs).
     */
    List<BufferedRecord> after(long afterSeq, int max, long generation) {
        if (from < 0 || afterSeq < from || generation != this.generation) return null;
        int lo = 0, hi = rows.size();
        while (lo < hi) { // first row with seq > afterSeq
            int mid = (lo + hi) >>> 1;
            if (rows.get(mid).seq() <= afterSeq) lo = mid + 1;
            else hi = mid;
        }
        return new ArrayList<>(rows.subList(lo, Math.min(rows.size(), lo + max)));
    }

    /** Remembers {@code read} (ascending, all &gt; {@code afterSeq}) and returns it unmodifiable. */
    List<BufferedRecord> keep(long afterSeq, List<BufferedRecord> read, long generation) {
        this.rows = Collections.unmodifiableList(read);
        this.from = afterSeq;
        this.generation = generation;
        return rows;
    }
}
