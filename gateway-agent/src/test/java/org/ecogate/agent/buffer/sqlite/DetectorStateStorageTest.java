package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferTesting;
import org.ecogate.agent.buffer.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A large detector state is stored deflated and comes back identical, also after a reopen; a small one stays text. */
class DetectorStateStorageTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aLargeStateIsStoredDeflatedAndReadBackIdentical() throws Exception {
        StringBuilder sb = new StringBuilder("{\"points\":[");
        for (int i = 0; i < 2_000; i++) sb.append(i == 0 ? "" : ",").append("{\"p\":\"dev").append(i / 100).append(".p").append(i % 100)
                .append("\",\"min\":").append(i * 0.5).append(",\"n\":").append(i).append(",\"note\":\"état ✓\"}");
        String state = sb.append("]}").toString();
        Path f = dir.resolve("s.db");
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(new TestClock(T0)))) {
            b.appendCycle(BufferTesting.cycle(2, T0), List.of(), state);
            assertThat(b.detectorState()).isEqualTo(state);
        }
        assertThat(BufferTesting.query(f, "SELECT typeof(value) = 'blob' FROM meta WHERE key='detector_state'")).isEqualTo(1);
        assertThat(BufferTesting.query(f, "SELECT length(value) FROM meta WHERE key='detector_state'")).isLessThan(state.length() / 4);
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(new TestClock(T0)))) {
            assertThat(b.detectorState()).isEqualTo(state);
            b.appendCycle(BufferTesting.cycle(2, T0 + 1000), List.of(), "{\"small\":true}");
            assertThat(b.detectorState()).isEqualTo("{\"small\":true}");
        }
        assertThat(BufferTesting.query(f, "SELECT typeof(value) = 'text' FROM meta WHERE key='detector_state'")).isEqualTo(1);
    }
}
