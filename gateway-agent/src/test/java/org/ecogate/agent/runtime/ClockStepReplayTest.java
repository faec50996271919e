package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;
import org.ecogate.sim.day.DayRenderer;
import org.ecogate.sim.plant.PlantConfig;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, must hold: the simulator's plant day (24 h, a reading cycle every 5 s, a tick every second) through the
 * detector as the agent runs it ({@link ClockService} + {@link TimedDetector}) on a fake clock, once with a steady
 * wall clock and once with the wall clock stepped forward 3 h at 09:00 and back 1 h at 16:00. Same outages, data gaps,
 * warnings (durations by monotonic time) and summaries, plus exactly two clock_step records.
 */
class ClockStepReplayTest {
    private static final String DETECTION = """
            timezone: "+08:00"
            equipment:
              - {id: fan1, template: fan, rules: {running: {point: fan1.run, equals: 1}}}
              - {id: cond1, template: condenser}
              - {id: esp1, template: esp}
              - {id: line1, template: meter}
            facilities:
              - {id: tf1, equipment: [fan1, cond1, esp1], production: [line1], grace: 60s}
            warnings:
              - {point: stack1.voc, limit: 60, window: 10m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05, facility: tf1}
            """;
    private static final OffsetDateTime MIDNIGHT = OffsetDateTime.parse("2026-11-20T00:00:00+08:00");
    private static final long H = 3_600_000L;

    record Run(Map<String, Event> finals, List<Summary> summaries, List<ClockService.Step> steps) {}

    // issue 12
    @Test
    void aDayWithAForwardAndABackwardStepGivesTheSameOutagesAndSummariesPlusTwoClockSteps() throws Exception {
        TreeMap<Long, List<Reading>> cycles = plantDay();
        DetectionConfig cfg = DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(DETECTION));
        long t0 = MIDNIGHT.toInstant().toEpochMilli();
        Run steady = run(cfg, cycles, Map.of());
        Run stepped = run(cfg, cycles, Map.of(t0 + 9 * H, 3 * H, t0 + 16 * H, -H));

        assertThat(steady.steps()).isEmpty();
        assertThat(stepped.steps()).extracting(ClockService.Step::sizeMs).containsExactly(3 * H, -H);
        assertThat(steady.finals().values()).extracting(Event::type).contains(Event.OUTAGE, Event.DATA_GAP, Event.WARNING);
        assertThat(stepped.finals().keySet()).isEqualTo(steady.finals().keySet());
        for (Event a : steady.finals().values()) {
            Event b = stepped.finals().get(a.id());
            assertThat(List.of(b.type(), b.status(), String.valueOf(b.facility()), b.durationSeconds(), b.equipment(), String.valueOf(b.level())))
                    .as("event %s", a.id())
                    .isEqualTo(List.of(a.type(), a.status(), String.valueOf(a.facility()), a.durationSeconds(), a.equipment(), String.valueOf(a.level())));
            assertThat(b.start() - a.start()).as("wall start of %s: dated by the clock at emission", a.id()).isIn(0L, 3 * H, 2 * H);
        }
        assertThat(stepped.summaries()).hasSameSizeAs(steady.summaries());
        for (int i = 0; i < steady.summaries().size(); i++) {
            Summary a = steady.summaries().get(i);
            Summary b = stepped.summaries().get(i);
            assertThat(new Summary(b.kind(), b.subject(), 0, b.end() - b.start(), b.count(), b.min(), b.max(), b.avg(), b.delta(),
                    b.runningSeconds(), b.stops(), b.longestStopSeconds()))
                    .isEqualTo(new Summary(a.kind(), a.subject(), 0, a.end() - a.start(), a.count(), a.min(), a.max(), a.avg(), a.delta(),
                            a.runningSeconds(), a.stops(), a.longestStopSeconds()));
        }
    }

    /** Feeds the cycles as the agent does: sources stamp with agentNow, a tick and a clock check every second. */
    private static Run run(DetectionConfig cfg, TreeMap<Long, List<Reading>> cycles, Map<Long, Long> wallSteps) {
        long t = cycles.firstKey();
        FakeAgentClock c = new FakeAgentClock(t);
        ClockService cs = new ClockService(c, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        TimedDetector td = new TimedDetector(new Detector(cfg), cs);
        Map<String, Event> finals = new LinkedHashMap<>();
        List<Summary> summaries = new ArrayList<>();
        List<ClockService.Step> steps = new ArrayList<>();
        TreeMap<Long, Long> pending = new TreeMap<>(wallSteps);
        for (Map.Entry<Long, List<Reading>> cycle : cycles.entrySet()) {
            while (t < cycle.getKey()) {
                c.advance(1000);
                t += 1000;
                while (!pending.isEmpty() && pending.firstKey() <= t) c.step(pending.pollFirstEntry().getValue());
                steps.addAll(cs.check());
                if (t < cycle.getKey()) collect(td.tick(), finals, summaries);
            }
            long now = cs.agentNow();
            List<Reading> stamped = new ArrayList<>();
            for (Reading r : cycle.getValue()) stamped.add(new Reading(r.point(), now, r.value(), r.quality()));
            collect(td.onReadings(stamped, now), finals, summaries);
        }
        return new Run(finals, summaries, steps);
    }

    private static void collect(Output o, Map<String, Event> finals, List<Summary> summaries) {
        for (Event e : o.events()) finals.put(e.id(), e);
        summaries.addAll(o.summaries());
    }

    private static TreeMap<Long, List<Reading>> plantDay() throws Exception {
        PlantConfig day;
        try (InputStream in = DayRenderer.class.getResourceAsStream("/scenarios/plant-day.yaml")) {
            day = PlantConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "plant-day.yaml");
        }
        StringWriter csv = new StringWriter();
        new DayRenderer(day).render(MIDNIGHT, 0, 24 * H, 5000, csv);
        TreeMap<Long, List<Reading>> cycles = new TreeMap<>();
        ReadingsCsv.stream("plant-day.csv", new BufferedReader(new StringReader(csv.toString())),
                r -> cycles.computeIfAbsent(r.ts(), k -> new ArrayList<>()).add(r));
        return cycles;
    }
}
