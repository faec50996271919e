package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.EquipmentState;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.model.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The running agent's detector on its timeline: restored from the buffer at start, swapped with its state kept on
 * reconfigure, saved at a clean stop. Thread-safe: every method holds this object's lock, and a cycle holds the same
 * lock from detection to its commit ({@link #commit}). Trap: there is no detector when the config has no detection.
 */
final class Detection {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final ClockService clock;
    private Detector detector;
    private TimedDetector timed;
    private java.time.Duration saveEvery = java.time.Duration.ofSeconds(60);

    Detection(ClockService clock) {
        this.clock = clock;
    }

    /** At start: continues the timeline saved in the buffer (none for a first start), summaries rebuilt from its readings. */
    synchronized void restore(DetectionConfig cfg, Buffer buffer, java.time.Duration saveEvery) throws BufferException {
        this.saveEvery = saveEvery;
        if (cfg.isEmpty()) return;
        String saved = buffer.detectorState();
        long[] rebuilt = {0};
        // continues the saved timeline; the open summary windows are rebuilt from the buffered readings
        timed = TimedDetector.restore(cfg, saved, clock, buffer, rebuilt).saveEvery(saveEvery);
        if (rebuilt[0] > 0) log.info("summary windows rebuilt from {} buffered readings", rebuilt[0]);
        detector = timed.detector();
        List<Event> open = detector.openEvents();
        if (saved != null) {
            log.info("detector state restored: {} open events continue{}", open.size(),
                    open.isEmpty() ? "" : " (" + String.join(", ", open.stream().map(Event::id).toList()) + ")");
        }
    }

    /** A new detection config: rules swapped, state (open events, debounce, ledgers) kept. */
    synchronized void swap(DetectionConfig next) {
        detector = next.isEmpty() ? null : Detector.restore(next, detector == null ? null : detector.snapshot());
        timed = detector == null ? null : new TimedDetector(detector, clock).saveEvery(saveEvery);
    }

    /**
     * One cycle's readings, the events and summaries they caused and (when it caused any) the detector state: one
     * transaction. A cycle without output leaves the state to {@link #tick} (at most every buffer.stateEvery).
     */
    synchronized void commit(Buffer buffer, List<Reading> cycle, long now, java.util.function.Consumer<List<Reading>> onStamped)
            throws BufferException {
        // stamped (agent time + the clock's offset) under this lock, as the detector takes them: a clock step the
        // detector applied between a stamp and the detector would have closed the windows these readings belong to
        List<Reading> stamped = clock.toWall(cycle);
        onStamped.accept(stamped);
        if (detector == null) {
            buffer.append(stamped);
            return;
        }
        Output out = timed.onReadings(cycle, stamped, now);
        buffer.appendCycle(stamped, EventDocs.docs(out), timed.stateWith(out));
        EventDocs.report(out);
    }

    /** Time passes without readings: offline detection, debounce expiry, closing windows; true if it committed. */
    synchronized boolean tick(Buffer buffer) throws BufferException {
        if (detector == null) return false;
        Output out = timed.tick();
        String state = out.isEmpty() ? timed.stateIfDue() : timed.stateWith(out);
        if (state == null) return false;
        buffer.appendCycle(List.of(), EventDocs.docs(out), state);
        EventDocs.report(out);
        return true;
    }

    /** At a clean stop (polling stopped): the detector's progress since its last save, so a restart loses nothing. */
    synchronized void saveAtStop(Buffer buffer) {
        if (timed == null || buffer == null) return;
        try {
            String state = timed.stateIfUnsaved();
            if (state != null) buffer.appendCycle(List.of(), List.of(), state);
        } catch (BufferException | RuntimeException e) {
            log.error("detector state not saved at stop: {} (the state of up to {} s earlier is restored at start)",
                    e.toString(), timed.saveEveryMs() / 1000);
        }
    }

    /** Health, equipment states and open events now; null when there is no detector. */
    synchronized View view() {
        if (detector == null) return null;
        return new View(detector.health().name().toLowerCase(), equipmentStates(), detector.openEvents());
    }

    /** Equipment id to state name (empty without a detector). */
    synchronized Map<String, String> equipmentStates() {
        Map<String, String> out = new LinkedHashMap<>();
        if (detector == null) return out;
        for (Map.Entry<String, EquipmentState> e : detector.equipmentStates().entrySet()) out.put(e.getKey(), e.getValue().name());
        return out;
    }

    record View(String health, Map<String, String> equipment, List<Event> open) {}
}
