package org.ecogate.agent.buffer;

import org.ecogate.agentstatus.StreamCounters;

import java.nio.file.Path;
import java.util.List;

/**
 * What a buffer file holds, as a technician sees it ({@code ecogate buffer stats}): size, rows, oldest record,
 * and per stream its rows, oldest record and counters. Immutable; counted once when made.
 *
 * @param oldestTs time of the oldest record of any stream, epoch ms (0 if empty)
 */
public record BufferReport(Path file, long epoch, long fileBytes, long rows, long oldestTs, List<Stream> streams) {
    public BufferReport {
        streams = List.copyOf(streams);
    }

    /** One stream: {@code rows} held (acknowledged or not), {@code oldestTs} its oldest row's time (0 if none). */
    public record Stream(String stream, long rows, long oldestTs, StreamCounters counters) {}
}
