package org.ecogate.sync;

import java.util.Objects;

/**
 * The platform's answer to a batch: everything in (gateway, epoch, stream) up to and including
 * {@code ackedThrough} is committed in the platform's store.
 *
 * @param status {@link #OK}; {@link #GAP} when the batch did not follow the platform's watermark (the sender
 *               resends from {@code ackedThrough}); {@link #REJECTED} when the batch was refused
 * @param reason human-readable reason for GAP/REJECTED, else {@code null}
 * @param code   for REJECTED the reason code ({@link Reject}); for a GAP answering a live batch the receiver
 *               cannot keep, {@link #LIVE_UNSUPPORTED}; else {@code null}
 * @param liveAfter   when the receiver holds a live range for the stream (PROTOCOL.md 6.1): the range is
 *                    ({@code liveAfter}, {@code liveThrough}] and {@code liveAfter > ackedThrough}; 0 when none
 * @param liveThrough end of the live range, 0 when none
 * @param dictionary  protocol v2, code {@link Reject#UNKNOWN_DICTIONARY}: the dictionary id the batch referred to; else 0
 */
public record Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason, String code,
                  long liveAfter, long liveThrough, long dictionary) {
    public static final String OK = "ok";
    public static final String GAP = "gap";
    public static final String REJECTED = "rejected";
    /** Code of a GAP ack to a live batch when the receiver's sink keeps no live range: send in order instead. */
    public static final String LIVE_UNSUPPORTED = "live_unsupported";

    public Ack {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(status, "status");
        if (liveAfter == 0 ? liveThrough != 0 : liveAfter < 0 || liveThrough <= liveAfter) {
            throw new IllegalArgumentException("live range (" + liveAfter + ", " + liveThrough + "] is not a range");
        }
    }

    /** An ack without dictionary id. */
    public Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason, String code,
               long liveAfter, long liveThrough) {
        this(gateway, epoch, stream, ackedThrough, status, reason, code, liveAfter, liveThrough, 0);
    }

    /** An ack without live range. */
    public Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason, String code) {
        this(gateway, epoch, stream, ackedThrough, status, reason, code, 0, 0, 0);
    }

    /** Whether the receiver reported a live range. */
    public boolean hasLive() {
        return liveAfter > 0;
    }

    /** An ack without reason code (ok and gap acks). */
    public Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason) {
        this(gateway, epoch, stream, ackedThrough, status, reason, null);
    }
}
