package org.ecogate.agent.buffer;

/** A buffer operation failed; the message names the buffer file and the operation. */
public final class BufferException extends Exception {
    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
