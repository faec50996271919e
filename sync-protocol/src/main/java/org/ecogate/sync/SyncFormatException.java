package org.ecogate.sync;

/**
 * A message that is not a well-formed, authentic message of this protocol version. {@link #code()} is one of the
 * reject reason codes of PROTOCOL.md ({@link Reject}); the message says what and where.
 */
public final class SyncFormatException extends Exception {
    private final String code;

    public SyncFormatException(String message) {
        this(Reject.MALFORMED, message);
    }

    public SyncFormatException(String message, Throwable cause) {
        super(message, cause);
        this.code = Reject.MALFORMED;
    }

    public SyncFormatException(String code, String message) {
        super(message);
        this.code = code;
    }

    /** Reject reason code, e.g. {@code bad_mac}. */
    public String code() {
        return code;
    }
}
