package org.ecogate.agent.buffer;

import org.ecogate.agent.model.Reading;

import java.util.List;

/**
 * The agent's local store between acquisition and uplink. A poll cycle is appended atomically; records
 * leave (are marked acknowledged) only when the platform's ack says they were committed there.
 * Implementations are thread-safe.
 */
public interface Buffer extends AutoCloseable {
    /** Stream name of raw readings. */
    String READINGS = "readings";

    /** Changes whenever the buffer is recreated, so sequence numbers of two buffers are never confused. */
    long epoch();

    /** Stores one poll cycle in one transaction; returns the last sequence number assigned (0 if empty). */
    long append(List<Reading> cycle) throws BufferException;

    /** Highest sequence the platform acknowledged for the stream (0 if none). */
    long ackedThrough(String stream) throws BufferException;

    /** Up to {@code max} records of the stream with sequence above {@code afterSeq}, in sequence order. */
    List<BufferedRecord> after(String stream, long afterSeq, int max) throws BufferException;

    /** Records the platform's cumulative acknowledgement; never moves backwards. */
    void markAcked(String stream, long through) throws BufferException;

    BufferStats stats() throws BufferException;

    @Override
    void close();
}
