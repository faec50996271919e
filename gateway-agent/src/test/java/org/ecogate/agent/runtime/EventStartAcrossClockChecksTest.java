package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event names one {@code start} in its open, update and close although the clock service re-checks the wall minus
 * monotonic offset between them and finds it moved by a millisecond (issue 23: the platform stored an outage with
 * start ...595 on open and ...596 on close). Fake clock; nothing sleeps.
 */
class EventStartAcrossClockChecksTest {
    private static final String DETECTION = """
            warnings:
              - {point: stack1.voc, limit: 60, window: 1m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05}
            """;

    // issue 23
    @Test
    void anEventKeepsItsStartWhenTheClockOffsetDriftsAMillisecondBetweenEmissions() throws Exception {
        FakeAgentClock c = new FakeAgentClock(1_790_000_000_595L);
        ClockService cs = new ClockService(c, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        DetectionConfig cfg = DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(DETECTION));
        TimedDetector td = new TimedDetector(new Detector(cfg), cs);
        List<Event> events = new ArrayList<>();
        feed(c, cs, td, 50, 40, events);  // warn (48) opens
        c.step(1);                          // NTP slewing: wall - monotonic moves by 1 ms, absorbed by the next check
        assertThat(cs.check()).as("a 1 ms drift is no step").isEmpty();
        feed(c, cs, td, 75, 60, events);  // escalates to alarm: update
        c.step(1);
        assertThat(cs.check()).isEmpty();
        feed(c, cs, td, 20, 120, events); // the average falls: close

        assertThat(events).extracting(Event::status).containsExactly(Event.OPEN, Event.UPDATE, Event.CLOSE);
        assertThat(events).extracting(Event::id).containsOnly(events.get(0).id());
        assertThat(events).extracting(Event::start).as("start over open, update, close").containsOnly(events.get(0).start());
        assertThat(events.get(0).id()).endsWith("-" + events.get(0).start());
    }

    /** One reading of {@code value} a second for {@code seconds}, stamped on the agent timeline as the agent does. */
    private static void feed(FakeAgentClock c, ClockService cs, TimedDetector td, double value, int seconds, List<Event> out) {
        for (int i = 0; i < seconds; i++) {
            c.advance(1000);
            long now = cs.agentNow();
            out.addAll(td.onReadings(List.of(Reading.good("stack1.voc", now, value)), now).events());
        }
    }
}
