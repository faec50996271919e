package org.ecogate.sync;

import java.util.Objects;

/**
 * The platform's answer to a batch: everything in (gateway, epoch, stream) up to and including
 * {@code ackedThrough} is committed in the platform's store.
 *
 * @param status {@link #OK}; {@link #GAP} when the batch did not follow the platform's watermark (the sender
 *               resends from {@code ackedThrough}); {@link #REJECTED} when the batch was refused
 * @param reason human-readable reason for GAP/REJECTED, else {@code null}
 * @param code   for REJECTED the reason code ({@link Reject}), else {@code null}
 */
public record Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason, String code) {
    public static final String OK = "ok";
    public static final String GAP = "gap";
    public static final String REJECTED = "rejected";

    public Ack {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(status, "status");
    }

    /** An ack without reason code (ok and gap acks). */
    public Ack(String gateway, long epoch, String stream, long ackedThrough, String status, String reason) {
        this(gateway, epoch, stream, ackedThrough, status, reason, null);
    }
}
