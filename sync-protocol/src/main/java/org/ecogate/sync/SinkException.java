package org.ecogate.sync;

/**
 * A {@link Sink} could not read or commit (database down, disk full, ...). The receiver then sends no ack and the
 * gateway resends after its ack timeout: nothing is lost. The message names the store and what failed.
 */
public class SinkException extends Exception {
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }

    public SinkException(String message) {
        super(message);
    }
}
