package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.model.Reading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Poll cycles held in memory, at most {@code bound}: while the disk refuses writes, and for at most
 * {@code buffer.commitEvery} so that several cycles share one transaction. Past the bound the oldest
 * cycle's readings are dropped and counted (time range kept for the gap record); its documents and detector state
 * are carried into the next cycle, never dropped. Not thread-safe: used under {@link SqliteBuffer}'s lock.
 */
final class PendingCycles {
    record Cycle(List<Reading> readings, List<Doc> docs, String state) {}

    private final ArrayDeque<Cycle> queue = new ArrayDeque<>();
    private final int bound;
    private long droppedCount;
    private long droppedFromTs = Long.MAX_VALUE;
    private long droppedToTs = Long.MIN_VALUE;
    long droppedTotal;

    PendingCycles(int bound) {
        this.bound = bound;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    void add(Cycle c) {
        queue.addLast(c);
        while (queue.size() > bound) {
            Cycle old = queue.pollFirst();
            Cycle next = queue.pollFirst();
            for (Reading r : old.readings()) {
                droppedFromTs = Math.min(droppedFromTs, r.ts());
                droppedToTs = Math.max(droppedToTs, r.ts());
            }
            droppedCount += old.readings().size();
            droppedTotal += old.readings().size();
            List<Doc> docs = new ArrayList<>(old.docs());
            docs.addAll(next.docs());
            queue.addFirst(new Cycle(next.readings(), docs, next.state() != null ? next.state() : old.state()));
        }
    }

    /** The oldest cycle, to be written next. */
    Cycle head() {
        return queue.peekFirst();
    }

    /** Readings dropped before the head cycle, not yet recorded as a gap (0 if none). */
    long droppedBeforeHead() {
        return droppedCount;
    }

    long droppedFromTs() {
        return droppedFromTs;
    }

    long droppedToTs() {
        return droppedToTs;
    }

    /** Every held cycle, oldest first (to be written together). */
    List<Cycle> cycles() {
        return List.copyOf(queue);
    }

    /** Every held cycle (and the gap before the head) is committed. */
    void allWritten() {
        queue.clear();
        droppedCount = 0;
        droppedFromTs = Long.MAX_VALUE;
        droppedToTs = Long.MIN_VALUE;
    }

    /** The head cycle (and the gap before it) is committed. */
    void headWritten() {
        queue.pollFirst();
        droppedCount = 0;
        droppedFromTs = Long.MAX_VALUE;
        droppedToTs = Long.MIN_VALUE;
    }

    /** The newest detector state held in memory, or null. */
    String latestState() {
        for (var it = queue.descendingIterator(); it.hasNext(); ) {
            String s = it.next().state();
            if (s != null) return s;
        }
        return null;
    }
}
