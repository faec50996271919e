package org.ecogate.agent.uplink;

import java.time.Duration;

/**
 * One way buffered records leave the gateway (the ecogate sync over MQTT in {@code sync/}; HJ 212 over TCP in
 * {@code hj212/}). The runtime starts each, wakes it after every committed cycle and drains it on stop.
 * Implementations are thread-safe; {@link #wakeUp()} is called from every poller and must not block.
 */
public interface Uplink extends AutoCloseable {
    void start();

    /** New records are in the buffer: send soon. Never blocks. */
    void wakeUp();

    /** Waits until everything buffered when called is acknowledged, at most {@code max}; true if it was. */
    boolean drain(Duration max);

    @Override
    void close();
}
