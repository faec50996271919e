package org.ecogate.agent.acquisition;

import org.ecogate.agent.model.Reading;

import java.util.List;
import java.util.Map;

/**
 * One device connection the agent polls: one device, or several devices sharing one connection (units on one
 * RS-485 bus or behind one serial server), polled in turn. {@link #poll} never throws: a failed read yields
 * readings of every point with a non-GOOD quality (never the last value). Called from one poller thread only.
 */
public interface Source extends AutoCloseable {
    /** Device id as in the config (the first device's for a shared connection), used in logs and thread names. */
    String deviceId();

    /** Reads every point that is due once; {@code nowMs} is the cycle's timestamp from the injected clock. */
    List<Reading> poll(long nowMs);

    /** Whether the last poll reached every device of this source. */
    boolean online();

    /** Each device's state, by device id: "online", "retrying" (failing, backing off) or "offline" (degraded, probed). */
    default Map<String, String> deviceStates() {
        return Map.of(deviceId(), online() ? "online" : "offline");
    }

    /** A device's last poll failure, as the log said it, and when (the cycle's timestamp, agent timeline). */
    record Failure(String error, long time) {}

    /** Each device's last failure, by device id; a device that never failed is absent. */
    default Map<String, Failure> lastFailures() {
        return Map.of();
    }

    /** Exception responses (Modbus 04/05/06 and the like) each device answered since start, by device id. */
    default Map<String, Long> deviceExceptions() {
        return Map.of();
    }

    @Override
    void close();
}
