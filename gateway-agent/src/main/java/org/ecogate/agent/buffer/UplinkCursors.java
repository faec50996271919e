package org.ecogate.agent.buffer;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Delivery cursors of the extra uplinks (HJ 212 platforms) beside the ecogate sync's own ack watermark: one per
 * (uplink, stream). Retention frees a record only when the sync and every registered uplink wanting its stream have
 * passed it; an uplink's age cap moves its cursor past records older than the cap, recorded as a gap for that uplink
 * only. Thread-safe. Trap: a cursor is created at the stream's current end, so an uplink added later gets no history.
 */
public interface UplinkCursors {
    /**
     * Declares that {@code uplink} wants {@code streams}, with an age cap ({@code ZERO}: none, it holds records
     * forever). Creates missing cursors at the stream's current end; existing ones keep their position. Uplinks not
     * registered since the buffer was opened hold nothing back.
     */
    void register(String uplink, Set<String> streams, Duration maxAge) throws BufferException;

    /** Highest seq of {@code stream} the uplink has delivered (acknowledged), or skipped as a gap. */
    long position(String uplink, String stream) throws BufferException;

    /** Moves the cursor to {@code through}; never backwards. */
    void advance(String uplink, String stream, long through) throws BufferException;

    /** Ranges the uplink will never get (age cap), oldest first. */
    List<Gap> gaps(String uplink) throws BufferException;

    /** Records of {@code stream} with seq in [fromSeq, toSeq] that {@code uplink} skipped, and their time range. */
    record Gap(String uplink, String stream, long fromSeq, long toSeq, long count, long fromTs, long toTs,
               long recordedAt) {
    }
}
