package org.ecogate.agent.buffer;

import org.ecogate.agentstatus.StreamCounters;

/**
 * Counters of the readings stream of the buffer: {@code lastSeq} committed, {@code ackedThrough} acknowledged,
 * {@code backlog} records committed but not acknowledged, {@code oldestUnackedTs} epoch ms or 0,
 * {@code fileBytes} of the database with its -wal and -shm files. Since this process opened the buffer:
 * {@code droppedReadings} unacknowledged readings dropped (quota, age, memory bound while the disk was full) and
 * {@code gapRecords} gap records written; {@code pendingCycles} poll cycles held in memory now (disk refusing writes).
 */
public record BufferStats(long epoch, long rows, long lastSeq, long ackedThrough, long backlog,
                          long oldestUnackedTs, long fileBytes, long droppedReadings, long gapRecords,
                          int pendingCycles) {
    /** The readings stream's counters, in the shape every stream's counters have. */
    public StreamCounters readings() {
        return new StreamCounters(lastSeq, ackedThrough, backlog, oldestUnackedTs);
    }
}
