package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One poll cycle of one source, and nothing else: poll → clock (agent time to wall time) → detect → one buffer commit
 * → wake every uplink. Thread-safe: each poller thread runs its own sources through {@link #run}. Trap: the cycle's
 * readings, events and detector state are one transaction (guarantee 1); a failed commit leaves none of them.
 */
final class Cycle {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's

    private final ClockService clock;
    private final Buffer buffer;
    private final Detection detection;
    private final LiveValues live;
    private final Uplinks uplinks;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong failedCycles = new AtomicLong();

    Cycle(ClockService clock, Buffer buffer, Detection detection, LiveValues live, Uplinks uplinks) {
        this.clock = clock;
        this.buffer = buffer;
        this.detection = detection;
        this.live = live;
        this.uplinks = uplinks;
    }

    void run(Source s) {
        try {
            // sources and the detector run on the agent timeline (backoff, probes, debounce never jump); the buffered
            // readings carry wall-clock timestamps, as the uplinks' clock (QN, DataTime) reads the corrected wall time
            long now = clock.agentNow();
            List<Reading> cycle = s.poll(now);
            detection.commit(buffer, cycle, now, live::update);
            cycles.incrementAndGet();
            readings.addAndGet(cycle.size());
            for (Uplink u : uplinks.all()) u.wakeUp();
        } catch (BufferException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle not buffered: {}", s.deviceId(), e.getMessage());
        } catch (RuntimeException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle failed: {}", s.deviceId(), e.toString());
        }
    }

    long cycles() {
        return cycles.get();
    }

    long readings() {
        return readings.get();
    }

    long failedCycles() {
        return failedCycles.get();
    }
}
