package org.ecogate.sync;

/**
 * Counters of a {@link SyncSender} since start.
 *
 * @param connected   whether the MQTT connection is up now
 * @param batchesSent batches published (including resends)
 * @param recordsSent records published (including resends)
 * @param resends     times the sender went back to the last acknowledged record (ack timeout, reconnect, gap, command)
 * @param acks        acks received
 * @param reconnects  successful connects after the first
 * @param bytesSent   batch message bytes published (including resends)
 * @param badAcks     acks and commands ignored because malformed, unsigned or forged
 * @param rttMillis   measured round trip, batch sent to its ack (0 before the first ack)
 * @param linkBytesPerSecond measured acknowledged bytes per second (best recent interval; 0 before)
 * @param windowBytes bytes a lane may have awaiting acks now (twice rate x round trip, within bounds)
 */
public record SenderStats(boolean connected, long batchesSent, long recordsSent, long resends, long acks, long reconnects,
                          long bytesSent, long badAcks, long rttMillis, long linkBytesPerSecond, long windowBytes) {
    /** The v1 counters. */
    public SenderStats(boolean connected, long batchesSent, long recordsSent, long resends, long acks, long reconnects,
                       long bytesSent, long badAcks) {
        this(connected, batchesSent, recordsSent, resends, acks, reconnects, bytesSent, badAcks, 0, 0, 0);
    }

    /** The v0 counters. */
    public SenderStats(boolean connected, long batchesSent, long recordsSent, long resends, long acks, long reconnects) {
        this(connected, batchesSent, recordsSent, resends, acks, reconnects, 0, 0);
    }
}
