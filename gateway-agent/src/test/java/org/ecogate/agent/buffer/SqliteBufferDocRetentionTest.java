package org.ecogate.agent.buffer;

import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;

/**
 * Issue 12, item 3: what retention does to events, exactly as docs/BUFFER.md says: an acknowledged event is freed
 * once older than {@code keepDocs}; an unacknowledged one is never deleted, however old.
 */
class SqliteBufferDocRetentionTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    // issue 12
    @Test
    void acknowledgedEventsAreFreedAfterKeepDocsUnacknowledgedOnesNever() throws Exception {
        TestClock clock = new TestClock(T0);
        BufferSettings s = new BufferSettings(0, Duration.ZERO, null, Duration.ofDays(30), 600, clock);
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("b.db"), s)) {
            for (String id : List.of("e1", "e2", "e3")) {
                b.appendCycle(List.of(), List.of(new Doc(Buffer.EVENTS, id, clock.millis(), "{\"id\":\"" + id + "\"}")), null);
            }
            b.markAcked(Buffer.EVENTS, 2);
            clock.advance(Duration.ofDays(29).toMillis());
            b.appendCycle(cycle(1, clock.advance(20_000)), List.of(), null);
            assertThat(keys(b)).as("29 days: all kept").containsExactly("e1", "e2", "e3");
            clock.advance(Duration.ofDays(2).toMillis());
            b.appendCycle(cycle(1, clock.advance(20_000)), List.of(), null);
            assertThat(keys(b)).as("31 days: acknowledged freed, unacknowledged kept").containsExactly("e3");
            clock.advance(Duration.ofDays(400).toMillis());
            b.appendCycle(cycle(1, clock.advance(20_000)), List.of(), null);
            assertThat(keys(b)).as("431 days, never acknowledged: still kept").containsExactly("e3");
        }
    }

    private static List<String> keys(Buffer b) throws Exception {
        return b.after(Buffer.EVENTS, 0, 100).stream().map(r -> r.doc().key()).toList();
    }
}
