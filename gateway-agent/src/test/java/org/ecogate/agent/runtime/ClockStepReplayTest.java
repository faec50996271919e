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
 * Issue 12 and 22, must hold: the simulator's plant day (24 h, a reading cycle every 5 s, a tick every second) through
 * the detector as the agent runs it ({@link ClockService} + {@link TimedDetector}) on a fake clock, once with a steady
 * wall clock and once with the wall clock stepped forward 3 h at 09:00 and back 1 h at 16:00. Same outages, data gaps
 * and warnings (durations by monotonic time), each with one id and start in all its emissions; exactly two
 * clock_step records; every minute and hour summary holds exactly the samples stamped (in wall time) inside its label.
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

    record Run(Map<String, Event> finals, Map<String, java.util.Set<Long>> starts, List<Summary> summaries,
               List<ClockService.Step> steps, List<Reading> stamped) {}

    // issue 12
    @Test
    void aDayWithAForwardAndABackwardStepGivesTheSameEventsAndSummariesTrueToTheirLabels() throws Exception {
        TreeMap<Long, List<Reading>> cycles = plantDay();
        DetectionConfig cfg = DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(DETECTION));
        long t0 = MIDNIGHT.toInstant().toEpochMilli();
        Run steady = run(cfg, cycles, Map.of());
        Run stepped = run(cfg, cycles, Map.of(t0 + 9 * H, 3 * H, t0 + 16 * H, -H));

        assertThat(steady.steps()).isEmpty();
        assertThat(stepped.steps()).extracting(ClockService.Step::sizeMs).containsExactly(3 * H, -H);
        assertThat(steady.finals().values()).extracting(Event::type).contains(Event.OUTAGE, Event.DATA_GAP, Event.WARNING);
        List<Event> a = List.copyOf(steady.finals().values());
        List<Event> b = List.copyOf(stepped.finals().values());
        assertThat(b).hasSameSizeAs(a);
        for (int i = 0; i < a.size(); i++) {
            Event x = a.get(i);
            Event y = b.get(i);
            assertThat(List.of(y.type(), y.status(), String.valueOf(y.facility()), y.durationSeconds(), y.equipment(), String.valueOf(y.level())))
                    .as("event %s", x.id())
                    .isEqualTo(List.of(x.type(), x.status(), String.valueOf(x.facility()), x.durationSeconds(), x.equipment(), String.valueOf(x.level())));
            assertThat(y.start() - x.start()).as("wall start of %s: dated by the clock when it opened", x.id()).isIn(0L, 3 * H, 2 * H);
            assertThat(y.id()).as("id carries the wall start").endsWith("-" + y.start());
        }
        for (Run r : List.of(steady, stepped)) {
            r.starts().forEach((id, starts) -> assertThat(starts).as("starts of %s over its emissions", id).hasSize(1));
        }
        assertThat(stepped.summaries()).filteredOn(s -> "clock_step".equals(s.note())).isNotEmpty();
        for (Run r : List.of(steady, stepped)) {
            Map<String, Long> counted = new TreeMap<>();
            for (Summary s : r.summaries()) {
                if (Summary.LEDGER.equals(s.kind())) continue;
                counted.merge(s.kind() + " " + s.subject() + " " + s.start() + " " + s.end(), s.count(), Long::sum);
            }
            assertThat(counted).isNotEmpty();
            Map<String, TreeMap<Long, Integer>> byPoint = new java.util.HashMap<>(); // point -> ts -> samples
            for (Reading x : r.stamped()) {
                if (x.value() != null) byPoint.computeIfAbsent(x.point(), k -> new TreeMap<>()).merge(x.ts(), 1, Integer::sum);
            }
            counted.forEach((label, n) -> {
                String[] f = label.split(" ");
                long inside = byPoint.getOrDefault(f[1], new TreeMap<>()).subMap(Long.parseLong(f[2]), Long.parseLong(f[3]))
                        .values().stream().mapToLong(Integer::longValue).sum();
                assertThat(n).as("samples of %s (all documents of the label) vs readings stamped inside it", label).isEqualTo(inside);
            });
        }
        long steadyMinutes = steady.summaries().stream().filter(s -> s.kind().equals(Summary.MINUTE)).mapToLong(Summary::count).sum();
        long steppedMinutes = stepped.summaries().stream().filter(s -> s.kind().equals(Summary.MINUTE)).mapToLong(Summary::count).sum();
        assertThat(steppedMinutes).as("no sample lost by the steps (the last open minute aside)").isBetween(steadyMinutes - 200, steadyMinutes + 200);
    }

    /** Feeds the cycles as the agent does: sources stamp with agentNow, a tick and a clock check every second. */
    private static Run run(DetectionConfig cfg, TreeMap<Long, List<Reading>> cycles, Map<Long, Long> wallSteps) {
        long t = cycles.firstKey();
        FakeAgentClock c = new FakeAgentClock(t);
        ClockService cs = new ClockService(c, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        TimedDetector td = new TimedDetector(new Detector(cfg), cs);
        Map<String, Event> finals = new LinkedHashMap<>();
        Map<String, java.util.Set<Long>> starts = new LinkedHashMap<>();
        List<Summary> summaries = new ArrayList<>();
        List<ClockService.Step> steps = new ArrayList<>();
        List<Reading> buffered = new ArrayList<>();
        TreeMap<Long, Long> pending = new TreeMap<>(wallSteps);
        for (Map.Entry<Long, List<Reading>> cycle : cycles.entrySet()) {
            while (t < cycle.getKey()) {
                c.advance(1000);
                t += 1000;
                while (!pending.isEmpty() && pending.firstKey() <= t) c.step(pending.pollFirstEntry().getValue());
                steps.addAll(cs.check());
                if (t < cycle.getKey()) collect(td.tick(), finals, starts, summaries);
            }
            long now = cs.agentNow();
            List<Reading> stamped = new ArrayList<>();
            for (Reading r : cycle.getValue()) stamped.add(new Reading(r.point(), now, r.value(), r.quality()));
            List<Reading> wall = cs.toWall(stamped);
            buffered.addAll(wall);
            collect(td.onReadings(stamped, wall, now), finals, starts, summaries);
        }
        return new Run(finals, starts, summaries, steps, buffered);
    }

    private static void collect(Output o, Map<String, Event> finals, Map<String, java.util.Set<Long>> starts, List<Summary> summaries) {
        for (Event e : o.events()) {
            finals.put(e.id(), e);
            starts.computeIfAbsent(e.id(), k -> new java.util.HashSet<>()).add(e.start());
        }
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
