package org.ecogate.agent.buffer;

import org.ecogate.agent.model.Reading;

/**
 * A record as stored in the buffer, with the stream sequence number it was given: a reading (stream
 * {@link Buffer#READINGS}) or a document (other streams). Exactly one of {@code reading} and {@code doc} is set.
 */
public record BufferedRecord(long seq, Reading reading, Doc doc) {
    public BufferedRecord(long seq, Reading reading) {
        this(seq, reading, null);
    }
}
