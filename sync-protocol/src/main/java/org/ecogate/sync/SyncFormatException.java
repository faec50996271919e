package org.ecogate.sync;

/**
 * A message that is not a well-formed, authentic message of this protocol version. {@link #code()} is one of the
 * reject reason codes of PROTOCOL.md ({@link Reject}); the message says what and where.
 */
public final class SyncFormatException extends Exception {
    private final String code;
    private final long dictionary;

    public SyncFormatException(String message) {
        this(Reject.MALFORMED, message);
    }

    public SyncFormatException(String message, Throwable cause) {
        super(message, cause);
        this.code = Reject.MALFORMED;
        this.dictionary = 0;
    }

    public SyncFormatException(String code, String message) {
        this(code, message, 0);
    }

    /** With the dictionary id a v2 batch referred to ({@link Reject#UNKNOWN_DICTIONARY}). */
    public SyncFormatException(String code, String message, long dictionary) {
        super(message);
        this.code = code;
        this.dictionary = dictionary;
    }

    /** The dictionary id of an {@link Reject#UNKNOWN_DICTIONARY} reject, else 0. */
    public long dictionary() {
        return dictionary;
    }

    /** Reject reason code, e.g. {@code bad_mac}. */
    public String code() {
        return code;
    }
}
