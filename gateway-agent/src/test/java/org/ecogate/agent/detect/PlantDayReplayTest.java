package org.ecogate.agent.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.runtime.ReadingsCsv;
import org.ecogate.sim.day.DayRenderer;
import org.ecogate.sim.plant.PlantConfig;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's bundled plant day (devices driven by the same models as the live plant) rendered offline and
 * replayed through the detector: the 27-minute outage, the ESP's comm loss, the VOC excursion are found; the
 * 08:30 flapping and the planned 22:00 shutdown produce nothing.
 */
class PlantDayReplayTest {
    private static final String DETECTION = """
            detection:
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

    private static long at(String hhmm) {
        return OffsetDateTime.parse("2026-11-20T" + hhmm + ":00+08:00").toInstant().toEpochMilli();
    }

    @Test
    void thePlantDayYieldsExactlyTheScriptedEpisodes() throws Exception {
        PlantConfig day;
        try (InputStream in = DayRenderer.class.getResourceAsStream("/scenarios/plant-day.yaml")) {
            day = PlantConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "plant-day.yaml");
        }
        StringWriter csv = new StringWriter();
        OffsetDateTime midnight = OffsetDateTime.parse("2026-11-20T00:00:00+08:00");
        // 05:00 to 23:30 every 2 s: start-up, flapping, outage, comm loss, VOC excursion, planned shutdown
        new DayRenderer(day).render(midnight, 5 * 3600_000L, 23 * 3600_000L + 1800_000L, 2000, csv);

        DetectionConfig cfg = DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(DETECTION).get("detection"));
        Replay replay = new Replay(cfg, null);
        ReadingsCsv.stream("plant-day.csv", new BufferedReader(new StringReader(csv.toString())), replay::accept);
        List<Event> events = replay.finish().finals();

        List<Event> outages = events.stream().filter(e -> e.type().equals(Event.OUTAGE)).toList();
        assertThat(outages).as("events: %s", events).hasSize(1);
        Event o = outages.get(0);
        assertThat(o.start()).isBetween(at("10:15"), at("10:17"));
        assertThat(o.durationSeconds()).isBetween(26 * 60L, 29 * 60L);
        assertThat(o.equipment()).containsExactlyInAnyOrder("cond1", "fan1", "esp1");
        assertThat(o.isOpen()).isFalse();

        List<Event> gaps = events.stream().filter(e -> e.type().equals(Event.DATA_GAP)).toList();
        assertThat(gaps).hasSize(1);
        assertThat(gaps.get(0).equipment()).containsExactly("esp1");
        assertThat(gaps.get(0).start()).isBetween(at("12:29"), at("12:31"));

        List<Event> warnings = events.stream().filter(e -> e.type().equals(Event.WARNING)).toList();
        assertThat(warnings).as("VOC excursion").hasSize(1);
        assertThat(warnings.get(0).level()).isEqualTo("alarm");
        assertThat(warnings.get(0).start()).isBetween(at("14:20"), at("14:45"));

        assertThat(events).as("nothing from the 08:30 flapping or the 22:00 planned shutdown")
                .allMatch(e -> e.start() < at("08:29") || e.start() > at("08:40"))
                .allMatch(e -> e.start() < at("21:59"));
        assertThat(Instant.ofEpochMilli(o.start()).atOffset(ZoneOffset.ofHours(8)).getHour()).isEqualTo(10);
    }

    @Test
    void aReadingBackInTimeIsRejectedInStreamingReplay() {
        Replay r = new Replay(DetectionConfig.EMPTY, null);
        r.accept(Reading.good("fan1.freq", 2000, 1));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.accept(Reading.good("fan1.freq", 1000, 1)))
                .hasMessageContaining("sort the readings by time");
    }
}
