package org.ecogate.sync;

/** How a sender encodes batches: the protocol version and content type (PROTOCOL.md 3, 13). */
public enum Encoding {
    /** Protocol v1, readable JSON (content type {@code J}). */
    JSON,
    /** Protocol v1, columnar binary, deflated when that is smaller (content type {@code Z}, else {@code C}). */
    COMPACT_V1,
    /**
     * Protocol v2 (the default): columnar binary with the point dictionary announced once per connection, binary acks,
     * a 16-byte MAC; for platforms whose receiver speaks v2 (every ecogate receiver does).
     */
    COMPACT;

    /** The protocol major version this encoding belongs to. */
    public int protocol() {
        return this == COMPACT ? 2 : 1;
    }

    public static Encoding parse(String s) {
        if (s == null) return COMPACT;
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> JSON;
            case "compact", "columnar", "binary", "v2" -> COMPACT;
            case "compact-v1", "v1" -> COMPACT_V1;
            default -> throw new IllegalArgumentException("encoding '" + s + "': expected compact, compact-v1 or json");
        };
    }
}
