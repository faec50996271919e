package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.EquipmentState;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: detector state saved (in a real SQLite buffer) after a wall-clock step keeps its timers across a
 * restart: the restarted agent continues the saved timeline, so a 60 s offline timer fires after 60 s of silence,
 * not 1 h later (backward step) nor at once (forward step of 400 days).
 */
class TimelineRestartTest {
    private static final long T0 = 1_795_000_000_000L; // 2026-11
    private static final long H = 3_600_000L;
    @TempDir
    Path dir;

    // issue 12
    @Test
    void aBackwardStepBeforeARestartDoesNotFreezeTheOfflineTimer() throws Exception {
        FakeAgentClock fake = new FakeAgentClock(T0);
        Path db = dir.resolve("b.db");
        runUntilRestart(fake, db, -H);
        TimedDetector td = restart(fake, db);
        fake.advance(30_000);
        td.tick();
        assertThat(td.detector().equipmentStates().get("fan1")).as("30 s of silence").isEqualTo(EquipmentState.RUNNING);
        fake.advance(60_000);
        td.tick();
        assertThat(td.detector().equipmentStates().get("fan1")).as("90 s of silence, offlineAfter 60 s").isEqualTo(EquipmentState.OFFLINE);
    }

    // issue 12
    @Test
    void aForwardStepBeforeARestartDoesNotFireTheOfflineTimer() throws Exception {
        FakeAgentClock fake = new FakeAgentClock(T0);
        Path db = dir.resolve("b.db");
        runUntilRestart(fake, db, 400 * 24 * H);
        TimedDetector td = restart(fake, db);
        td.tick();
        assertThat(td.detector().equipmentStates().get("fan1")).as("15 s after the last reading").isEqualTo(EquipmentState.RUNNING);
    }

    /** Two minutes of readings every 5 s, the wall clock stepped by {@code step} after one minute; then 10 s down. */
    private static void runUntilRestart(FakeAgentClock fake, Path db, long step) throws Exception {
        ClockService cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        try (SqliteBuffer b = SqliteBuffer.open(db, BufferSettings.retainAll().withClock(cs.agentClock()))) {
            TimedDetector td = TimedDetector.restore(config(), b.detectorState(), cs);
            for (int i = 0; i < 24; i++) {
                if (i == 12) {
                    fake.step(step);
                    assertThat(cs.check()).hasSize(1);
                }
                fake.advance(5000);
                long now = cs.agentNow();
                List<Reading> cycle = List.of(Reading.good("fan1.run", now, 1.0));
                td.onReadings(cycle, now);
                b.appendCycle(cs.toWall(cycle), List.of(), td.state());
            }
            assertThat(td.detector().equipmentStates().get("fan1")).isEqualTo(EquipmentState.RUNNING);
        }
        fake.advance(10_000);
    }

    private static TimedDetector restart(FakeAgentClock fake, Path db) throws Exception {
        ClockService cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        try (SqliteBuffer b = SqliteBuffer.open(db, BufferSettings.retainAll().withClock(cs.agentClock()))) {
            TimedDetector td = TimedDetector.restore(config(), b.detectorState(), cs);
            assertThat(cs.check()).as("no step detected at restart").isEmpty();
            return td;
        }
    }

    private static DetectionConfig config() throws Exception {
        return DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                equipment:
                  - {id: fan1, template: fan, offlineAfter: 60s, rules: {running: {point: fan1.run, equals: 1}}}
                """));
    }
}
