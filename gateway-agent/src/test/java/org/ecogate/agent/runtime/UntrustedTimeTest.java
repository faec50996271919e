package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.EquipmentState;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: a box that boots in 1970 buffers its values as {@code time_untrusted} (value kept, fault readings keep
 * their code) until NTP steps the clock past the trust floor; each such reading's ts plus the size of that
 * clock_step is its true time (docs/BUFFER.md). The detector, on the agent timeline, sees the step as no time.
 */
class UntrustedTimeTest {
    private static final long TRUE_BOOT = 1_795_000_000_000L; // 2026-11: when the box really booted
    private static final long BOOT_WALL = 86_400_000L;        // what its RTC-less clock said: 1970-01-02
    @TempDir
    Path dir;

    // issue 12
    @Test
    void readingsBeforeTheClockIsTrustedAreFlaggedAndReDatedByTheStepThatCorrectsIt() throws Exception {
        FakeAgentClock fake = new FakeAgentClock(BOOT_WALL);
        ClockService cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        TimedDetector td = new TimedDetector(new Detector(DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                equipment:
                  - {id: fan1, template: fan, offlineAfter: 60s, rules: {running: {point: fan1.run, equals: 1}}}
                """))), cs);
        List<ClockService.Step> steps = new ArrayList<>();
        List<Long> trueTimes = new ArrayList<>();
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("b.db"), BufferSettings.retainAll().withClock(cs.agentClock()))) {
            for (int i = 1; i <= 24; i++) {
                fake.advance(5000);
                if (i == 12) { // NTP answers: the wall clock jumps 56 years forward to the true time
                    fake.step(TRUE_BOOT + 12 * 5000 - fake.wallMillis());
                    steps.addAll(cs.check());
                }
                long now = cs.agentNow();
                List<Reading> cycle = List.of(Reading.good("fan1.run", now, 1.0), Reading.missing("fan1.freq", now, Quality.COMM_FAULT));
                td.onReadings(cycle, now);
                b.appendCycle(cs.toWall(cycle), List.of(), null);
                trueTimes.add(TRUE_BOOT + i * 5000L);
                if (i >= 10) assertThat(td.detector().equipmentStates().get("fan1")).as("cycle %d", i).isEqualTo(EquipmentState.RUNNING);
            }
            assertThat(steps).hasSize(1);
            long size = steps.get(0).sizeMs();
            List<BufferedRecord> rows = b.after(Buffer.READINGS, 0, 100);
            assertThat(rows).hasSize(48);
            for (int i = 0; i < 24; i++) {
                Reading run = rows.get(2 * i).reading();
                Reading freq = rows.get(2 * i + 1).reading();
                assertThat(freq.quality()).isEqualTo(Quality.COMM_FAULT);
                assertThat(run.value()).isEqualTo(1.0);
                if (i < 11) {
                    assertThat(run.quality().code()).as("cycle %d, before the step", i + 1).isEqualTo("time_untrusted");
                    assertThat(run.ts() + size).as("re-dated by the step").isEqualTo(trueTimes.get(i));
                } else {
                    assertThat(run.quality()).as("cycle %d, after the step", i + 1).isEqualTo(Quality.GOOD);
                    assertThat(run.ts()).isEqualTo(trueTimes.get(i));
                }
            }
        }
    }

    // issue 12
    @Test
    void aReadingStampedBeforeTheStepIsCheckedStaysFlagged() {
        FakeAgentClock fake = new FakeAgentClock(BOOT_WALL);
        ClockService cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        fake.advance(5000);
        fake.step(TRUE_BOOT - BOOT_WALL); // NTP has set the clock, the service's once-a-second check has not run yet
        long now = cs.agentNow();
        Reading r = cs.toWall(List.of(Reading.good("fan1.run", now, 1.0))).get(0);
        assertThat(r.ts()).as("still stamped with the old offset").isEqualTo(BOOT_WALL + 5000);
        assertThat(r.quality()).isEqualTo(Quality.TIME_UNTRUSTED);
        assertThat(r.ts() + cs.check().get(0).sizeMs()).isEqualTo(TRUE_BOOT + 5000);
    }
}
