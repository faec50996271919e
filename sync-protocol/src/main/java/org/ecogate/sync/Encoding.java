package org.ecogate.sync;

/** How a sender encodes batch bodies (PROTOCOL.md, content types). */
public enum Encoding {
    /** Readable JSON (content type {@code J}). */
    JSON,
    /** Columnar binary, deflated when that is smaller (content type {@code Z}, else {@code C}). */
    COMPACT;

    public static Encoding parse(String s) {
        if (s == null) return COMPACT;
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> JSON;
            case "compact", "columnar", "binary" -> COMPACT;
            default -> throw new IllegalArgumentException("encoding '" + s + "': expected compact or json");
        };
    }
}
