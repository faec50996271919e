package org.ecogate.agent.buffer;

import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.DetectJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: an upgrade keeps the buffer. Opens a copy of a buffer written by an earlier release (fixtures/, see its
 * README) with today's code: every reading and event is still there and unacknowledged, the epoch is kept, the
 * detector state restores with its open outage, and new cycles continue the sequence. Its row-per-reading table
 * is moved into reading blocks at open, every reading bit-identical.
 */
class BufferUpgradeTest {
    /** Time the fixture was written (its last reading), plus a minute. */
    private static final long FIXTURE_NOW = 1_795_982_300_000L;

    @TempDir
    Path dir;

    @Test
    void bufferOfSchema1OpensWithEverythingKept() throws Exception {
        Path src = Path.of("src/test/resources/fixtures");
        Path db = dir.resolve("buffer-v1.db");
        Files.copy(src.resolve("buffer-v1.db"), db);
        Files.copy(src.resolve("buffer-v1.yaml"), dir.resolve("buffer-v1.yaml"));
        long epochBefore = BufferTesting.query(db, "SELECT value FROM meta WHERE key='epoch'");
        List<String> readingsBefore = BufferTesting.readingRows(db); // the row-per-reading layout, read as it is
        assertThat(readingsBefore).hasSize(196);
        assertThat(BufferTesting.query(db, "SELECT count(*) FROM sqlite_master WHERE name='reading_block'")).isZero();
        AgentConfig cfg = ConfigLoader.load(dir.resolve("buffer-v1.yaml"));

        try (SqliteBuffer b = SqliteBuffer.open(db, BufferSettings.retainAll().withClock(new TestClock(FIXTURE_NOW)))) {
            assertThat(b.epoch()).isEqualTo(epochBefore);
            List<Long> seqs = BufferTesting.seqs(b);
            assertThat(seqs).hasSize(196).startsWith(1L).endsWith(196L);
            // moved into reading blocks at open: the same readings, bit for bit, none lost or doubled; the old table gone
            assertThat(BufferTesting.readingRows(db)).isEqualTo(readingsBefore);
            assertThat(BufferTesting.query(db, "SELECT count(*) FROM main.sqlite_master WHERE name='reading'")).isZero();
            assertThat(b.ackedThrough(Buffer.READINGS)).isZero();
            List<BufferedRecord> events = b.after(Buffer.EVENTS, 0, 10);
            assertThat(events).hasSize(1);
            assertThat(events.get(0).doc().key()).isEqualTo("outage-tf1-1795982232791");

            Detector d = Detector.restore(cfg.detection(), DetectJson.snapshot(b.detectorState()));
            assertThat(d.openEvents()).extracting(Event::id).containsExactly("outage-tf1-1795982232791");

            long next = b.appendCycle(BufferTesting.cycle(3, FIXTURE_NOW), List.of(), DetectJson.write(d.snapshot()));
            assertThat(next).isEqualTo(199); // clean shutdown in the fixture: the sequence continues without a skip
        }
        assertThat(BufferTesting.query(db, "SELECT value FROM meta WHERE key='schema'")).isGreaterThanOrEqualTo(1);
    }
}
