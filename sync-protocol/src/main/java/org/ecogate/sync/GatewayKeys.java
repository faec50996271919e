package org.ecogate.sync;

import org.ecogate.sync.internal.codec.Topics;

import java.util.Map;

/**
 * The HMAC key of each gateway, as the receiver verifies batches and signs acks with them (PROTOCOL.md 3).
 * Implementations must be thread-safe and fast (called per message); one may reload a directory or table.
 * Trap: with {@link #required()} a gateway without a key is refused {@code unknown_gateway}.
 */
public interface GatewayKeys {
    /** The key of {@code gateway}, or {@code null}. */
    byte[] key(String gateway);

    /** Whether unsigned messages and gateways without a key are refused. */
    boolean required();

    /**
     * Every key {@code gateway}'s messages may be signed with now: the current one first, then keys still inside
     * their rotation overlap (the receiver tries them in order; acks are signed with the one that verified). Empty
     * when the gateway has no key or was revoked.
     */
    default java.util.List<byte[]> keys(String gateway) {
        byte[] k = key(gateway);
        return k == null ? java.util.List.of() : java.util.List.of(k);
    }

    /** Keys skipped because their source is bad (file or row, and why; never the key), for {@code /health}. */
    default java.util.List<String> problems() {
        return java.util.List.of();
    }

    /** Checks a gateway id (1-64 of {@code A-Z a-z 0-9 _ -}, PROTOCOL.md 1); returns it or throws IllegalArgumentException. */
    static String checkGateway(String id) {
        return Topics.checkName("gateway", id);
    }

    /** No keys: signed and unsigned messages accepted, digest checked (a test or closed-network set-up). */
    static GatewayKeys none() {
        return of(Map.of());
    }

    /** A fixed map (gateway id to key of at least 16 bytes); required when not empty. */
    static GatewayKeys of(Map<String, byte[]> keys) {
        Map<String, byte[]> copy = Map.copyOf(keys);
        for (Map.Entry<String, byte[]> e : copy.entrySet()) {
            Topics.checkName("gateway", e.getKey());
            if (e.getValue().length < 16) throw new IllegalArgumentException("key of gateway " + e.getKey() + " has fewer than 16 bytes");
        }
        boolean req = !copy.isEmpty();
        return new GatewayKeys() {
            @Override
            public byte[] key(String gateway) {
                return copy.get(gateway);
            }

            @Override
            public boolean required() {
                return req;
            }

            @Override
            public String toString() {
                return "keys for " + copy.size() + " gateways";
            }
        };
    }
}
