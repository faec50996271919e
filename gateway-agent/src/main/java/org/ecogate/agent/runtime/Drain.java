package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * The bounded drain at stop: waits for an uplink to have the backlog acknowledged, saying every 2 s how much is
 * left (a drain on a thin link takes a while). Stateless. Trap: the bound is a deadline, not a per-wait timeout: a
 * link that acknowledges slowly still stops within {@code max}.
 */
final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's

    private Drain() {}

    /** Commits the readings still held for a grouped commit, then drains for at most {@code max}; true when everything was acknowledged. */
    static boolean withProgress(Uplink uplink, Buffer buffer, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        try {
            buffer.flush(); // the last grouped readings, so the drain sends them
        } catch (BufferException e) {
            log.error("{}", e.getMessage());
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            if (uplink.drain(Duration.ofNanos(Math.min(left, 2_000_000_000L)))) return true;
            if (deadline - System.nanoTime() < 500_000_000L) return false;
            try {
                long docs = 0;
                for (String stream : Buffer.STREAMS) if (!Buffer.READINGS.equals(stream)) docs += buffer.counters(stream).backlog();
                log.info("draining: {} readings and {} events/summaries/gaps not yet acknowledged, {} s left", buffer.stats().backlog(),
                        docs, Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L));
            } catch (BufferException e) {
                log.debug("drain progress: {}", e.toString());
            }
        }
    }
}
