package org.ecogate.agent.runtime;

import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Summary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3: events and summaries survive a JSON round trip (the storage keeps them as JSON lines). */
class EventJsonTest {
    // issue 3
    @Test
    void eventRoundTrip() {
        Event e = new Event("outage-tf1-1", "outage", "tf1", "open", 1000L, null, 60, List.of("cond1", "fan1"),
                Map.of("cond1", "STOPPED"), null, null, null, 61_000L);
        String json = DetectJson.write(e);
        assertThat(json).doesNotContain("\n").contains("\"end\":null", "\"start\":1000");
        assertThat(DetectJson.event(json)).isEqualTo(e);
    }

    // issue 3
    @Test
    void summaryRoundTrip() {
        Summary s = new Summary("ledger", "fan1", 0, 86_400_000, 0, null, null, null, null, 3600L, 2L, 600L);
        assertThat(DetectJson.summary(DetectJson.write(s))).isEqualTo(s);
        Summary m = new Summary("minute", "line1.kwh", 0, 60_000, 12, 1.0, 2.0, 1.5, 1.0, null, null, null);
        assertThat(DetectJson.summary(DetectJson.write(m))).isEqualTo(m);
    }
}
