package org.ecogate.sync;

/** A message that is not a well-formed batch or ack of this protocol version; the message says what and where. */
public final class SyncFormatException extends Exception {
    public SyncFormatException(String message) {
        super(message);
    }

    public SyncFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
