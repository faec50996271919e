package org.ecogate.agentstatus;

/**
 * The counters of one stream of a gateway's buffer: the one shape the agent's buffer, its status file, the
 * {@code ecogate} commands and the demo share. Immutable.
 *
 * @param lastSeq         highest sequence committed in the buffer (0 if none)
 * @param ackedThrough    highest sequence the platform acknowledged (0 if none)
 * @param backlog         records committed but not acknowledged
 * @param oldestUnackedTs time of the oldest unacknowledged record, epoch ms (0 if none)
 */
public record StreamCounters(long lastSeq, long ackedThrough, long backlog, long oldestUnackedTs) {
    /** A stream with nothing in it but an acknowledgement (what a buffer without the stream's table reports). */
    public static StreamCounters acked(long ackedThrough) {
        return new StreamCounters(0, ackedThrough, 0, 0);
    }
}
