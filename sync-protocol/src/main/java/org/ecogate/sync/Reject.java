package org.ecogate.sync;

import java.util.List;

/** Reason codes of a rejected message (field {@code code} of a {@code rejected} ack; see PROTOCOL.md). */
public final class Reject {
    /** Not a frame of this protocol, or a body that does not decode (fields, types, sequence rules, limits). */
    public static final String MALFORMED = "malformed";
    /** Major version or content type this receiver does not speak. */
    public static final String UNSUPPORTED = "unsupported";
    /** The SHA-256 digest does not match the bytes: altered or corrupted in transit. */
    public static final String BAD_DIGEST = "bad_digest";
    /** Keys are configured but the message carries no HMAC. */
    public static final String UNSIGNED = "unsigned";
    /** The HMAC does not verify with the gateway's key: forged, or signed with another key. */
    public static final String BAD_MAC = "bad_mac";
    /** Keys are configured but there is none for this gateway. */
    public static final String UNKNOWN_GATEWAY = "unknown_gateway";
    /** Gateway or stream inside the message differ from the topic it came on. */
    public static final String TOPIC_MISMATCH = "topic_mismatch";
    /** The batch's epoch is older than the newest epoch already seen for that gateway and stream. */
    public static final String OLD_EPOCH = "old_epoch";
    /**
     * Protocol v2: the batch refers to a point dictionary (or more of its names) this receiver does not hold, e.g. after
     * its restart or when a shared subscription gave the announcing batch to another receiver. The sender resends from
     * what is acknowledged with the whole dictionary. Nothing is stored.
     */
    public static final String UNKNOWN_DICTIONARY = "unknown_dictionary";
    /** Topic outside the protocol's topic tree. */
    public static final String BAD_TOPIC = "bad_topic";
    /**
     * A message larger than the receiver's limit ({@link ReceiverConfig#maxMessageBytes()}): read past without being
     * held and not answered (nothing of it is decoded); the receiver's broker connection stays up.
     */
    public static final String OVERSIZE = "oversize";

    /**
     * Not a refusal: the receiver cannot commit now (its store is down or behind). Nothing was stored; the sender
     * keeps the records, stops sending that stream for a growing pause and then probes with one batch (PROTOCOL.md 5.1).
     * A sender that does not know the code treats it like any reject: it resends after its ack timeout.
     */
    public static final String BUSY = "busy";

    public static final List<String> ALL = List.of(MALFORMED, UNSUPPORTED, BAD_DIGEST, UNSIGNED, BAD_MAC,
            UNKNOWN_GATEWAY, TOPIC_MISMATCH, OLD_EPOCH, UNKNOWN_DICTIONARY, BAD_TOPIC, OVERSIZE, BUSY);

    /** Codes that are routine flow control, not refusals: not counted in {@link ReceiverStats#rejected()}. */
    public static boolean routine(String code) {
        return UNKNOWN_DICTIONARY.equals(code) || BUSY.equals(code);
    }

    private Reject() {}
}
