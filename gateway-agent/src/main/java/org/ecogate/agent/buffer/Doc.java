package org.ecogate.agent.buffer;

import java.util.Objects;

/**
 * A document record of a non-reading stream (an event, a summary): its key (event id, summary subject),
 * its time (epoch ms) and its JSON text.
 */
public record Doc(String stream, String key, long ts, String body) {
    public Doc {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(body, "body");
    }
}
