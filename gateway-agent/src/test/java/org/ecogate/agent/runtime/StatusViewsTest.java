package org.ecogate.agent.runtime;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.FacilityConfig;
import org.ecogate.agent.detect.Event;
import org.ecogate.agentstatus.AgentStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23 item 3: the facility view answers production? treatment? outage since? and never calls no data a stop. */
class StatusViewsTest {
    private static DetectionConfig detection(FacilityConfig... f) {
        return new DetectionConfig(List.of(), List.of(f), List.of(), java.time.ZoneOffset.UTC, org.ecogate.agent.config.SummaryConfig.DEFAULT);
    }

    @Test
    void productionTreatmentAndTheOpenOutage() {
        DetectionConfig d = detection(new FacilityConfig("tf1", List.of("fan1", "esp1"), List.of("line1"), Duration.ofSeconds(1)),
                new FacilityConfig("tf2", List.of("fan2"), List.of(), Duration.ofSeconds(1)));
        Event outage = new Event("outage:tf1:1", Event.OUTAGE, "tf1", Event.OPEN, 1_000, null, 60, List.of("fan1"),
                Map.of("fan1", "STOPPED"), null, null, null, 61_000);
        List<AgentStatus.Facility> f = StatusViews.facilities(d,
                Map.of("fan1", "STOPPED", "esp1", "RUNNING", "line1", "RUNNING", "fan2", "OFFLINE"), List.of(outage));
        assertThat(f.get(0)).isEqualTo(new AgentStatus.Facility("tf1", "running", "stopped", List.of("fan1"), 1_000L));
        assertThat(f.get(1)).as("no production linked; treatment without data is unknown, not stopped")
                .isEqualTo(new AgentStatus.Facility("tf2", "always", "unknown", null, null));
        assertThat(StatusViews.facilities(d, Map.of("fan1", "RUNNING", "esp1", "RUNNING", "line1", "OFFLINE", "fan2", "RUNNING"), List.of())
                .get(0).production()).isEqualTo("unknown");
    }
}
