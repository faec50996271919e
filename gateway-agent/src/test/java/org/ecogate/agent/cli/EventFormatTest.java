package org.ecogate.agent.cli;

import org.ecogate.agent.detect.Event;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event lines of {@code ecogate events} and {@code ecogate status} (both print {@link EventFormat#line}): an open
 * event's duration as of the moment it is shown, and a warning's point in its line (issue 23).
 */
class EventFormatTest {
    private static final ZoneOffset ZONE = ZoneOffset.ofHours(8);

    /** An open outage stored when it was last emitted, {@code storedSeconds} after its start. */
    private static Event openOutage(long start, long storedSeconds) {
        return new Event("outage-tf1-" + start, Event.OUTAGE, "tf1", Event.OPEN, start, null, storedSeconds,
                List.of("fan1"), Map.of("fan1", "stopped"), null, null, null, start + storedSeconds * 1000);
    }

    // issue 23: the old output said "OPEN since 10 s" while status said 27 s
    @Test
    void anOpenEventsDurationIsCountedFromItsStartWhenShownNotAsStored() {
        long start = 1_790_000_000_000L;
        Event e = openOutage(start, 10);
        assertThat(EventFormat.durationNow(e, start + 27_400)).isEqualTo(27);
        Event closed = new Event(e.id(), Event.OUTAGE, "tf1", Event.CLOSE, start, start + 12_000, 12, e.equipment(),
                e.equipmentStates(), null, null, null, start + 12_000);
        assertThat(EventFormat.durationNow(closed, start + 27_400)).as("a closed event lasted what it lasted").isEqualTo(12);
    }

    // issue 23: the line ecogate events and ecogate status print, shown 27 s after the start of an event stored at 10 s
    @Test
    void theEventLineOfAnOpenEventSaysHowLongItHasBeenOpenNow() {
        long start = System.currentTimeMillis() - 27_000; // the line reads the system clock: 27 s ago
        String line = EventFormat.line(openOutage(start, 10), ZONE);
        assertThat(line).contains("OPEN").containsPattern("since 2[78] s").doesNotContain("since 10 s"); // 28: a slow second
    }

    // issue 23: the old line was "warning tf1 OPEN since 0 s warn", without the point
    @Test
    void aWarningsLineNamesItsPoint() {
        long start = System.currentTimeMillis();
        Event w = new Event("warning-stack1.voc-" + start, Event.WARNING, "tf1", Event.OPEN, start, null, 0, List.of(),
                Map.of(), "warn", "stack1.voc", 49.2, start);
        String line = EventFormat.line(w, ZONE);
        assertThat(line).contains("warning").contains("stack1.voc").contains("(tf1)").contains("warn");
        Event noFacility = new Event(w.id(), Event.WARNING, null, Event.OPEN, start, null, 0, List.of(), Map.of(), "warn",
                "stack1.voc", 49.2, start);
        assertThat(EventFormat.line(noFacility, ZONE)).contains("stack1.voc");
    }
}
