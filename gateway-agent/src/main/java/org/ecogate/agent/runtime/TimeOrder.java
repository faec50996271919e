package org.ecogate.agent.runtime;

import org.ecogate.agent.model.Reading;

import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts a stream of readings that is only roughly in time order back in order, in bounded memory: readings wait
 * until the stream has moved {@code windowMs} past them. A buffer export (commit order: devices interleave by a few
 * milliseconds) replays through the detector this way. Not thread-safe. Trap: a reading older than what was
 * already passed on is an error (the window is too short for the file), never silently dropped.
 */
public final class TimeOrder {
    private record Item(Reading r, long n) {}

    private final long windowMs;
    private final Consumer<Reading> sink;
    private final PriorityQueue<Item> waiting = new PriorityQueue<>((a, b) -> a.r().ts() != b.r().ts()
            ? Long.compare(a.r().ts(), b.r().ts()) : Long.compare(a.n(), b.n()));
    private long n;
    private long newest = Long.MIN_VALUE;
    private long passed = Long.MIN_VALUE;

    public TimeOrder(long windowMs, Consumer<Reading> sink) {
        this.windowMs = windowMs;
        this.sink = sink;
    }

    /** Takes one reading; passes on every waiting reading the window has left behind. */
    public void accept(Reading r) {
        if (r.ts() < passed) {
            throw new IllegalArgumentException("time goes backwards by more than " + windowMs / 1000 + " s ("
                    + r.ts() + " after " + passed + "): sort the readings by time");
        }
        waiting.add(new Item(r, n++));
        newest = Math.max(newest, r.ts());
        while (!waiting.isEmpty() && waiting.peek().r().ts() <= newest - windowMs) pass(waiting.poll().r());
    }

    /** Passes on everything still waiting. */
    public void finish() {
        while (!waiting.isEmpty()) pass(waiting.poll().r());
    }

    private void pass(Reading r) {
        passed = r.ts();
        sink.accept(r);
    }
}
