package org.ecogate.agent.buffer;

/**
 * Counters of one stream of the buffer: {@code lastSeq} committed, {@code ackedThrough} acknowledged,
 * {@code backlog} records committed but not acknowledged, {@code oldestUnackedTs} epoch ms or 0.
 */
public record BufferStats(long epoch, long rows, long lastSeq, long ackedThrough, long backlog,
                          long oldestUnackedTs, long fileBytes) {
}
