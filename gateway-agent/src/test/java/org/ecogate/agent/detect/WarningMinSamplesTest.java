package org.ecogate.agent.detect;

import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.detect.DetectorTest.warnings;

/**
 * A rolling-average warning is judged only once its window holds enough samples ({@code minSamples}, default half the
 * window), so one high sample just after a start opens nothing (issue 23: a warning opened 0.4 s after start from a
 * single sample of a 1-minute average). Times are passed in (fake clock); nothing sleeps.
 */
class WarningMinSamplesTest {
    private static final String ONE_MINUTE = """
            warnings:
              - {point: stack1.voc, limit: 60, window: 1m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05}
            """;

    /** Samples of 70 (above the limit) every second from 0.4 s after the detector's start, for {@code seconds}. */
    private static List<Event> highSamples(Detector d, long start, int seconds) {
        d.tick(start);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < seconds; i++) {
            long t = start + 400 + i * 1000L;
            events.addAll(warnings(d.onReadings(List.of(Reading.good("stack1.voc", t, 70.0)), t)));
        }
        return events;
    }

    // issue 23
    @Test
    void oneSampleAboveTheLimitJustAfterStartOpensNoWarning() {
        Detector d = new Detector(PlantSim.config(ONE_MINUTE));
        assertThat(highSamples(d, PlantSim.T0, 1)).isEmpty();
        assertThat(d.health()).isEqualTo(Health.GREEN);
    }

    // issue 23
    @Test
    void theWarningOpensOnceHalfTheWindowHoldsSamples() {
        Detector d = new Detector(PlantSim.config(ONE_MINUTE));
        List<Event> early = highSamples(d, PlantSim.T0, 20);
        assertThat(early).as("20 s of a 1-minute window").isEmpty();
        d = new Detector(PlantSim.config(ONE_MINUTE));
        List<Event> events = highSamples(d, PlantSim.T0, 40);
        assertThat(events).extracting(Event::status).containsExactly(Event.OPEN);
        assertThat(events.get(0).level()).isEqualTo("alarm");
        assertThat(events.get(0).start() - PlantSim.T0).as("opened after about half the window").isBetween(28_000L, 32_000L);
    }

    // issue 23
    @Test
    void theMinimumIsConfigurable() {
        Detector none = new Detector(PlantSim.config(ONE_MINUTE.replace("hysteresis: 0.05", "hysteresis: 0.05, minSamples: 0")));
        assertThat(highSamples(none, PlantSim.T0, 1)).extracting(Event::status).containsExactly(Event.OPEN);
        Detector full = new Detector(PlantSim.config(ONE_MINUTE.replace("hysteresis: 0.05", "hysteresis: 0.05, minSamples: 1")));
        assertThat(highSamples(full, PlantSim.T0, 40)).as("40 s of a window that must be full").isEmpty();
        assertThat(highSamples(new Detector(PlantSim.config(ONE_MINUTE.replace("hysteresis: 0.05", "hysteresis: 0.05, minSamples: 1"))),
                PlantSim.T0, 70)).extracting(Event::status).containsExactly(Event.OPEN);
    }
}
