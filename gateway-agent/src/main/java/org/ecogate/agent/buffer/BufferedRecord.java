package org.ecogate.agent.buffer;

import org.ecogate.agent.model.Reading;

/** A reading as stored in the buffer, with the stream sequence number it was given. */
public record BufferedRecord(long seq, Reading reading) {
}
