package org.ecogate.agent.detect;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.runtime.DetectJson;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.LongPredicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.detect.PlantSim.at;

/** Issue 3: the detector with a fake clock (times are passed in; nothing sleeps). */
class DetectorTest {

    /** All running except as given. */
    static PlantSim.Scenario plant(LongPredicate line, LongPredicate fan, LongPredicate cond, java.util.function.LongFunction<String> esp) {
        return new PlantSim.Scenario() {
            public boolean line(long t) { return line.test(t); }
            public boolean fan(long t) { return fan.test(t); }
            public boolean cond(long t) { return cond.test(t); }
            public String esp(long t) { return esp.apply(t); }
        };
    }

    static boolean between(long t, long from, long to) {
        return t >= from && t < to;
    }

    // issue 3
    @Test
    void seedEpisodeOneOutage27MinutesThreeEquipmentListed() {
        // condenser, fan and ESP drop out within a minute of each other at 10:15; all recover at 10:42
        PlantSim.Scenario s = plant(t -> true,
                t -> !between(t, at(15, 20), at(42, 0)),
                t -> !between(t, at(15, 0), at(42, 0)),
                t -> between(t, at(15, 40), at(42, 0)) ? "abnormal" : "run");
        Detector d = new Detector(PlantSim.config());
        List<Event> events = PlantSim.events(PlantSim.run(d, s, at(0, 0), at(60, 0), 5000));

        assertThat(events).extracting(Event::type).containsOnly(Event.OUTAGE);
        assertThat(events.stream().map(Event::id).distinct()).hasSize(1);
        Event close = events.get(events.size() - 1);
        assertThat(close.status()).isEqualTo(Event.CLOSE);
        assertThat(close.facility()).isEqualTo("tf1");
        assertThat(close.start()).isBetween(at(15, 0), at(15, 5));
        assertThat(close.durationSeconds()).isBetween(27 * 60L - 5, 27 * 60L + 5);
        assertThat(close.equipment()).containsExactly("cond1", "fan1", "esp1");
        assertThat(close.equipmentStates()).containsEntry("cond1", "STOPPED").containsEntry("fan1", "STOPPED")
                .containsEntry("esp1", "ABNORMAL");
        assertThat(events.get(0).status()).isEqualTo(Event.OPEN);
        assertThat(d.openEvents()).isEmpty();
        assertThat(d.health()).isEqualTo(Health.GREEN);
    }

    // issue 3
    @Test
    void flappingFasterThanDebounceOpensNoEvent() {
        // the fan drops out for 10 s every 20 s for 20 minutes; debounce is 30 s
        PlantSim.Scenario s = plant(t -> true,
                t -> !(between(t, at(5, 0), at(25, 0)) && ((t - PlantSim.T0) / 10_000) % 2 == 1),
                t -> true, t -> "run");
        Detector d = new Detector(PlantSim.config());
        List<Output> outs = PlantSim.run(d, s, at(0, 0), at(40, 0), 1000);
        assertThat(PlantSim.events(outs)).isEmpty();
        assertThat(outs.stream().flatMap(o -> o.changes().stream()))
                .allMatch(c -> c.from() == EquipmentState.UNKNOWN); // only the start-up changes
        assertThat(d.equipmentStates().get("fan1")).isEqualTo(EquipmentState.RUNNING);
    }

    // issue 3
    @Test
    void detectionLatencyAtMostDebouncePlusGracePlusOnePoll() {
        // latency = emittedAt - real stop time. Grace (60 s) and debounce (30 s) both count from the real stop,
        // so the outage is reported after max(debounce, grace) + at most one poll; we assert the documented bound.
        long stop = at(20, 0) + 500; // stops between two 1 s polls
        PlantSim.Scenario s = plant(t -> true, t -> t < stop, t -> true, t -> "run");
        Detector d = new Detector(PlantSim.config());
        List<Event> events = PlantSim.events(PlantSim.run(d, s, at(0, 0), at(30, 0), 1000));
        assertThat(events).hasSize(1);
        Event open = events.get(0);
        long latency = open.emittedAt() - stop;
        assertThat(latency).isLessThanOrEqualTo(30_000 + 60_000 + 1000);
        assertThat(latency).isLessThanOrEqualTo(Math.max(30_000, 60_000) + 1000);
        assertThat(open.start()).isBetween(stop, stop + 1000);
    }

    // issue 3
    @Test
    void detectionLatencyWithGraceWithinDebounceAtMostDebouncePlusOnePoll() {
        // The bound, measured: when the grace period is not longer than the debounce (here both 30 s),
        // equipment really stops -> outage emitted within debounce + one poll interval.
        long stop = at(20, 0) + 500;
        PlantSim.Scenario s = plant(t -> true, t -> t < stop, t -> true, t -> "run");
        Detector d = new Detector(PlantSim.config(PlantSim.YAML.replace("grace: 60s", "grace: 30s")));
        List<Event> events = PlantSim.events(PlantSim.run(d, s, at(0, 0), at(30, 0), 1000));
        assertThat(events).hasSize(1);
        long latency = events.get(0).emittedAt() - stop;
        assertThat(latency).as("latency ms").isBetween(30_000L, 30_000L + 1000L);
    }

    // issue 3
    @Test
    void stateChangeLatencyAtMostDebouncePlusOnePoll() {
        long stop = at(20, 0) + 500;
        PlantSim.Scenario s = plant(t -> true, t -> t < stop, t -> true, t -> "run");
        Detector d = new Detector(PlantSim.config());
        List<Output> outs = PlantSim.run(d, s, at(0, 0), at(25, 0), 1000);
        StateChange c = outs.stream().flatMap(o -> o.changes().stream())
                .filter(x -> x.equipment().equals("fan1") && x.to() == EquipmentState.STOPPED).findFirst().orElseThrow();
        assertThat(c.at() - stop).isBetween(0L, 1000L); // dated to the first sample showing the stop
    }

    // issue 3
    @Test
    void plannedShutdownNoOutage() {
        // production stops at 10:10, treatment follows at 10:12 and stays off
        PlantSim.Scenario s = plant(t -> t < at(10, 0), t -> t < at(12, 0), t -> t < at(12, 0),
                t -> t < at(12, 0) ? "run" : "stop");
        Detector d = new Detector(PlantSim.config());
        List<Output> outs = PlantSim.run(d, s, at(0, 0), at(60, 0), 5000);
        assertThat(PlantSim.events(outs)).isEmpty();
        assertThat(d.equipmentStates()).containsEntry("line1", EquipmentState.STOPPED).containsEntry("fan1", EquipmentState.STOPPED);
        assertThat(d.health()).isEqualTo(Health.GREEN);
    }

    // issue 3
    @Test
    void commLossIsOfflineAndDataGapNeverAStop() {
        PlantSim.Scenario base = plant(t -> true, t -> true, t -> true, t -> "run");
        PlantSim.Scenario s = new PlantSim.Scenario() {
            public boolean line(long t) { return true; }
            public boolean fan(long t) { return base.fan(t); }
            public boolean cond(long t) { return true; }
            public String esp(long t) { return "run"; }
            public boolean online(String device, long t) { return !(device.equals("fan1") && between(t, at(20, 0), at(35, 0))); }
        };
        Detector d = new Detector(PlantSim.config());
        List<Output> outs = PlantSim.run(d, s, at(0, 0), at(25, 0), 1000);
        List<Event> events = PlantSim.events(outs);
        assertThat(events).hasSize(1);
        Event gap = events.get(0);
        assertThat(gap.type()).isEqualTo(Event.DATA_GAP);
        assertThat(gap.equipment()).containsExactly("fan1");
        assertThat(gap.facility()).isEqualTo("tf1");
        assertThat(gap.start()).isEqualTo(at(20, 0));
        assertThat(gap.emittedAt()).isEqualTo(at(20, 15));
        assertThat(d.equipmentStates()).containsEntry("fan1", EquipmentState.OFFLINE);
        assertThat(d.health()).isEqualTo(Health.YELLOW);
        assertThat(outs.stream().flatMap(o -> o.changes().stream())).noneMatch(c -> c.to() == EquipmentState.STOPPED);

        events = PlantSim.events(PlantSim.run(d, s, at(25, 0), at(40, 0), 1000));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo(gap.id());
            assertThat(e.status()).isEqualTo(Event.CLOSE);
            assertThat(e.end()).isEqualTo(at(35, 0));
            assertThat(e.durationSeconds()).isEqualTo(15 * 60);
        });
        assertThat(d.health()).isEqualTo(Health.GREEN);
    }

    // issue 3
    @Test
    void silentDeviceWithoutAnyReadingsGoesOfflineAfterOfflineAfter() {
        Detector d = new Detector(PlantSim.config());
        PlantSim.Scenario s = plant(t -> true, t -> true, t -> true, t -> "run");
        PlantSim.run(d, s, at(0, 0), at(5, 0), 1000);
        // esp1 stops answering and the poller produces nothing at all (e.g. a replayed file with rows missing)
        long last = at(5, 0);
        for (long t = last; t < at(6, 0); t += 1000) {
            final long now = t;
            List<Reading> r = PlantSim.poll(s, now).stream().filter(x -> now == last || !x.point().startsWith("esp1.")).toList();
            d.onReadings(r, now);
        }
        assertThat(d.equipmentStates()).containsEntry("esp1", EquipmentState.OFFLINE);
        assertThat(d.openEvents()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(Event.DATA_GAP);
            assertThat(e.start()).isEqualTo(last);
        });
    }

    // issue 3
    @Test
    void restoreFromSnapshotContinuesOpenOutageWithSameId() {
        PlantSim.Scenario s = plant(t -> true, t -> !between(t, at(15, 0), at(42, 0)), t -> true, t -> "run");
        DetectionConfig cfg = PlantSim.config();
        Detector d = new Detector(cfg);
        List<Event> before = PlantSim.events(PlantSim.run(d, s, at(0, 0), at(20, 0), 1000));
        assertThat(before).singleElement().extracting(Event::status).isEqualTo(Event.OPEN);
        String snap = DetectJson.write(d.snapshot());

        Detector restored = Detector.restore(cfg, DetectJson.snapshot(snap));
        assertThat(restored.openEvents()).extracting(Event::id).containsExactly(before.get(0).id());
        assertThat(restored.equipmentStates()).isEqualTo(d.equipmentStates());
        assertThat(restored.health()).isEqualTo(Health.RED);
        // the gateway was down for 30 s: no readings until 10:20:30
        List<Event> after = PlantSim.events(PlantSim.run(restored, s, at(20, 30), at(50, 0), 1000));
        assertThat(after).extracting(Event::status).containsExactly(Event.CLOSE);
        assertThat(after.get(0).id()).isEqualTo(before.get(0).id());
        assertThat(after.get(0).durationSeconds()).isEqualTo(27 * 60);
        assertThat(DetectJson.write(Detector.restore(cfg, DetectJson.snapshot(DetectJson.write(restored.snapshot()))).snapshot())).isEqualTo(DetectJson.write(restored.snapshot()));
    }

    // issue 12
    @Test
    void stateWithTimelineIsTheSnapshotPlusTwoFieldsAsBeforeTheTreeCopyWasRemoved() throws Exception {
        Detector d = new Detector(PlantSim.config());
        PlantSim.run(d, plant(t -> true, t -> !between(t, at(1, 0), at(3, 0)), t -> true, t -> "run"), at(0, 0), at(5, 0), 1000);
        // the former implementation: valueToTree, two puts, serialize the tree (same mapper settings as DetectJson)
        com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper()
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.ALL, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.CREATOR, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY);
        com.fasterxml.jackson.databind.node.ObjectNode n = m.valueToTree(d.snapshot());
        n.put("agentTime", 123L).put("wallTime", -4L);
        String state = DetectJson.write(d.snapshot(), 123L, -4L);
        assertThat(state).isEqualTo(m.writeValueAsString(n));
        assertThat(DetectJson.timeline(state)).containsExactly(123L, -4L);
        assertThat(DetectJson.write(DetectJson.snapshot(state))).isEqualTo(DetectJson.write(d.snapshot()));
    }

    // issue 3
    @Test
    void restoreWithChangedConfigIgnoresRemovedEquipment() {
        Detector d = new Detector(PlantSim.config());
        PlantSim.run(d, plant(t -> true, t -> true, t -> true, t -> "run"), at(0, 0), at(2, 0), 1000);
        DetectionConfig smaller = PlantSim.config("""
                equipment:
                  - {id: fan1, template: fan}
                  - {id: fan2, template: fan}
                """);
        Detector r = Detector.restore(smaller, DetectJson.snapshot(DetectJson.write(d.snapshot())));
        assertThat(r.equipmentStates()).containsEntry("fan1", EquipmentState.RUNNING)
                .containsEntry("fan2", EquipmentState.UNKNOWN).doesNotContainKey("esp1");
    }

    // issue 3
    @Test
    void vocWarningEscalatesToAlarmAndClosesHealthFollows() {
        Detector d = new Detector(PlantSim.config(VOC_ONLY));
        double[] profile = {30, 50, 70, 30}; // each held 15 minutes, one sample every 10 s
        List<Event> events = new java.util.ArrayList<>();
        List<Health> health = new java.util.ArrayList<>();
        for (long t = at(0, 0); t < at(60, 0); t += 10_000) {
            double v = profile[(int) ((t - PlantSim.T0) / 900_000)];
            events.addAll(warnings(d.onReadings(List.of(Reading.good("stack1.voc", t, v)), t)));
            health.add(d.health());
        }
        assertThat(events).extracting(Event::status).containsExactly(Event.OPEN, Event.UPDATE, Event.CLOSE);
        assertThat(events).extracting(Event::level).containsExactly("warn", "alarm", "alarm");
        assertThat(events.stream().map(Event::id).distinct()).hasSize(1);
        assertThat(events.get(0).facility()).isNull();
        assertThat(events.get(0).point()).isEqualTo("stack1.voc");
        assertThat(events.get(0).value()).isGreaterThanOrEqualTo(48.0);
        assertThat(events.get(1).value()).isGreaterThanOrEqualTo(60.0);
        assertThat(health).contains(Health.GREEN, Health.YELLOW, Health.RED);
        assertThat(health.get(health.size() - 1)).isEqualTo(Health.GREEN);
    }

    static final String VOC_ONLY = """
            warnings:
              - {point: stack1.voc, limit: 60, window: 10m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05}
            """;

    static List<Event> warnings(Output o) {
        return o.events().stream().filter(e -> e.type().equals(Event.WARNING)).toList();
    }

    // issue 3
    @Test
    void warningHysteresisNoRetriggerAroundTheLevel() {
        Detector d = new Detector(PlantSim.config(VOC_ONLY));
        List<Event> events = new java.util.ArrayList<>();
        // average settles at 48..47 (warn at 48, leaves below 45): one open, no close
        for (long t = at(0, 0); t < at(60, 0); t += 10_000) {
            double v = t < at(10, 0) ? 30 : (((t - PlantSim.T0) / 10_000) % 2 == 0 ? 49.5 : 46.5);
            events.addAll(warnings(d.onReadings(List.of(Reading.good("stack1.voc", t, v)), t)));
        }
        assertThat(events).extracting(Event::status).containsExactly(Event.OPEN);
    }

    // issue 3
    @Test
    void summariesMinuteHourAndDailyLedger() {
        DetectionConfig cfg = PlantSim.config();
        Detector d = new Detector(cfg);
        // midnight in +08:00 falls at 16:00 UTC; run from 23:00 local to 00:10 local, fan stopped 23:30-23:40
        long start = java.time.OffsetDateTime.parse("2026-11-20T23:00:00+08:00").toInstant().toEpochMilli();
        PlantSim.Scenario s = plant(t -> true, t -> !between(t, start + 30 * 60_000, start + 40 * 60_000), t -> true, t -> "run");
        List<Output> outs = PlantSim.run(d, s, start, start + 70 * 60_000, 5000);
        List<Summary> sums = outs.stream().flatMap(o -> o.summaries().stream()).toList();

        List<Summary> minuteKw = sums.stream().filter(x -> x.kind().equals(Summary.MINUTE) && x.subject().equals("line1.kw")).toList();
        assertThat(minuteKw).hasSize(69);
        assertThat(minuteKw.get(0)).satisfies(m -> {
            assertThat(m.start()).isEqualTo(start);
            assertThat(m.end()).isEqualTo(start + 60_000);
            assertThat(m.count()).isEqualTo(12);
            assertThat(m.avg()).isEqualTo(400.0);
            assertThat(m.delta()).isNull();
        });
        Summary kwh = sums.stream().filter(x -> x.kind().equals(Summary.MINUTE) && x.subject().equals("line1.kwh")).skip(1).findFirst().orElseThrow();
        assertThat(kwh.delta()).isCloseTo(6.0, org.assertj.core.data.Offset.offset(1e-6)); // 0.1 kWh/s x 60 s, gaps between windows included
        assertThat(sums).filteredOn(x -> x.kind().equals(Summary.HOUR) && x.subject().equals("fan1.freq"))
                .singleElement().satisfies(h -> assertThat(h.count()).isEqualTo(720));
        Summary ledger = sums.stream().filter(x -> x.kind().equals(Summary.LEDGER) && x.subject().equals("fan1")).findFirst().orElseThrow();
        assertThat(ledger.end()).isEqualTo(start + 60 * 60_000);
        assertThat(ledger.stops()).isEqualTo(1);
        assertThat(ledger.longestStopSeconds()).isEqualTo(600);
        // running from 23:00 (the start-up state is dated back to the first sample) to 23:30, and 23:40 to midnight
        assertThat(ledger.runningSeconds()).isEqualTo(60 * 60 - 600);
        assertThat(outs).allMatch(o -> o.summaries().size() <= 20);
    }

    // issue 3
    @Test
    void productionNotYetKnownNoOutageUntilItIs() {
        // at start-up everything is UNKNOWN; treatment is stopped from the start while production runs
        PlantSim.Scenario s = plant(t -> true, t -> false, t -> true, t -> "run");
        Detector d = new Detector(PlantSim.config());
        List<Event> events = PlantSim.events(PlantSim.run(d, s, at(0, 0), at(5, 0), 1000));
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(Event.OUTAGE);
            assertThat(e.start()).isEqualTo(at(0, 0));
            assertThat(e.emittedAt()).isEqualTo(at(1, 0));
        });
    }
}
