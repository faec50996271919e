package org.ecogate.agent.acquisition;

import org.ecogate.agent.model.Reading;

import java.util.List;

/**
 * One device connection the agent polls. {@link #poll} never throws: a failed read yields readings of
 * every point with a non-GOOD quality (never the last value). Called from one poller thread only.
 */
public interface Source extends AutoCloseable {
    /** Device id as in the config, used in logs. */
    String deviceId();

    /** Reads every point once; {@code nowMs} is the cycle's timestamp from the injected clock. */
    List<Reading> poll(long nowMs);

    /** Whether the last poll reached the device. */
    boolean online();

    @Override
    void close();
}
