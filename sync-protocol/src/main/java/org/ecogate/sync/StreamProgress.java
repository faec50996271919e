package org.ecogate.sync;

/**
 * A sender's view of one stream, for status displays.
 *
 * @param ackedThrough   highest sequence acknowledged by the platform
 * @param sentThrough    highest sequence sent (in flight above {@code ackedThrough})
 * @param inflight       batches awaiting an ack
 * @param ackRate        records acknowledged per second, smoothed over about 10 s
 * @param bytesPerRecord average message bytes per record sent so far (0 before the first batch)
 * @param lastAckMillis  wall-clock time of the last ack that advanced the stream, 0 if none
 * @param liveAfter      while a live lane is open: new records above this seq go ahead of the backlog; else 0
 * @param liveThrough    while a live lane is open: the platform holds the lane's records through this seq
 */
public record StreamProgress(String stream, long ackedThrough, long sentThrough, int inflight, double ackRate,
                             double bytesPerRecord, long lastAckMillis, long liveAfter, long liveThrough) {}
