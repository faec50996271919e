package org.ecogate.sync;

import org.ecogate.sync.internal.codec.Topics;

/**
 * Identity of one stream incarnation on the platform: records are unique by (gateway, epoch, stream, seq).
 * Immutable; names are checked once here (PROTOCOL.md 1).
 *
 * @param gateway gateway id
 * @param epoch   the gateway buffer's incarnation
 * @param stream  stream name, e.g. {@code readings}
 */
public record StreamKey(String gateway, long epoch, String stream) {
    public StreamKey {
        Topics.checkName("gateway", gateway);
        Topics.checkName("stream", stream);
    }

    /** The stream a batch belongs to. */
    public static StreamKey of(Batch b) {
        return new StreamKey(b.gateway(), b.epoch(), b.stream());
    }

    @Override
    public String toString() {
        return gateway + "/" + stream + "@" + epoch;
    }
}
