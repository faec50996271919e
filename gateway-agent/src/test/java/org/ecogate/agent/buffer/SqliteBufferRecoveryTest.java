package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;
import static org.ecogate.agent.buffer.BufferTesting.gaps;
import static org.ecogate.agent.buffer.BufferTesting.query;

/** Issue 5, part 3: corrupt files are moved aside and a new buffer starts with a higher epoch; unclean stops skip seqs. */
class SqliteBufferRecoveryTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    /** Writes a buffer of 40,000 readings, closes it, and returns its epoch. */
    private long writeSome(Path f, TestClock clock) throws Exception {
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            for (int i = 0; i < 400; i++) b.appendCycle(cycle(100, clock.advance(1000)), List.of(), null);
            b.appendCycle(List.of(), List.of(new Doc(Buffer.EVENTS, "e1", clock.millis(), "{\"id\":\"e1\"}")), null);
            return b.epoch();
        }
    }

    private static void overwrite(Path f, long at, int len) throws Exception {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            byte[] junk = new byte[len];
            for (int i = 0; i < len; i++) junk[i] = (byte) (0xA5 ^ i);
            raf.write(junk);
        }
    }

    private void assertRecreated(Path f, long oldEpoch, TestClock clock) throws Exception {
        assertRecreated(f, "corrupt", oldEpoch, clock);
    }

    /** Opens {@code f}: a new higher epoch, empty, one buffer_recreated record with the reason and the old epoch. */
    private void assertRecreated(Path f, String reason, long oldEpoch, TestClock clock) throws Exception {
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            assertThat(b.epoch()).as("new epoch above the old one although the clock went back").isGreaterThan(oldEpoch);
            assertThat(b.stats().rows()).isZero();
            List<JsonNode> gaps = gaps(b);
            assertThat(gaps).hasSize(1);
            JsonNode g = gaps.get(0);
            assertThat(g.path("type").asText()).isEqualTo("buffer_recreated");
            assertThat(g.path("reason").asText()).isEqualTo(reason);
            assertThat(g.path("oldEpoch").asLong()).as("oldEpoch of %s", g).isEqualTo(oldEpoch);
            assertThat(g.path("newEpoch").asLong()).isEqualTo(b.epoch());
            assertThat(g.path("problem").asText()).as("a one-line summary, not quick_check's dump (issue 23)")
                    .doesNotContain("\n").doesNotContain("***").hasSizeLessThan(240);
            if (!reason.equals("missing")) {
                Path moved = Path.of(g.path("movedTo").asText());
                assertThat(moved.getFileName().toString()).startsWith("b.db." + reason + "-");
                assertThat(moved).exists();
            }
            b.appendCycle(cycle(3, clock.millis()), List.of(), null);
            assertThat(b.after(Buffer.READINGS, 0, 10)).hasSize(3);
        }
        assertThat(query(f, "PRAGMA quick_check")).isZero(); // "ok" reads as 0
    }

    // issue 5
    @Test
    void bytesOverwrittenInTheMiddleAreFoundAndTheFileIsMovedAside() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        long epoch = writeSome(f, clock);
        long size = Files.size(f);
        assertThat(size).isGreaterThan(200_000);
        overwrite(f, size / 2 - 1000, 3000); // b-tree pages in the middle of the reading table
        clock.advance(-86_400_000L * 30); // the clock went back a month
        assertRecreated(f, epoch, clock);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("b.db.corrupt-"));
        }
    }

    // issue 5
    @Test
    void aDestroyedHeaderIsFoundAndTheEpochStillMovesOn() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        long epoch = writeSome(f, clock);
        overwrite(f, 0, 100); // "file is not a database": the old epoch is only known from b.db.epoch
        clock.advance(-86_400_000L);
        assertRecreated(f, epoch, clock);
    }

    // issue 12
    @Test
    void aFileTruncatedToZeroBytesIsReportedWithTheOldEpoch() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        long epoch = writeSome(f, clock);
        Files.write(f, new byte[0]);
        assertRecreated(f, "empty", epoch, clock);
    }

    // issue 12
    @Test
    void aMissingFileBesideItsEpochFileIsReportedWithTheOldEpoch() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        long epoch = writeSome(f, clock);
        Files.delete(f);
        assertRecreated(f, "missing", epoch, clock);
    }

    // issue 12
    @Test
    void aForeignOrRestoredDatabaseIsMovedAsideNotAdopted() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        long first = writeSome(f, clock);
        Path backup = dir.resolve("backup.db");
        Files.copy(f, backup);
        Files.delete(f); // gone: a new buffer with a new epoch starts (reported as missing)
        long second;
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            second = b.epoch();
        }
        assertThat(second).isGreaterThan(first);
        Files.delete(f);
        Files.copy(backup, f); // an older copy restored: its seqs were delivered under an epoch the platform knows
        assertRecreated(f, "foreign", second, clock);
        long third = query(f, "SELECT value FROM meta WHERE key='epoch'");
        Files.delete(f);
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f); var st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE t(x)"); // somebody else's database
        }
        assertRecreated(f, "foreign", third, clock);
    }

    // issue 5
    @Test
    void aCleanReopenKeepsSeqsAnUncleanOneSkipsAheadSoLostSeqsAreNeverReused() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        writeSome(f, clock);
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            assertThat(b.appendCycle(cycle(1, clock.advance(1000)), List.of(), null)).isEqualTo(40_001);
        }
        // simulate a process that died without close(): the clean mark stays 0
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + f); var st = c.createStatement()) {
            st.executeUpdate("UPDATE meta SET value='0' WHERE key='clean'");
        }
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            assertThat(b.appendCycle(cycle(1, clock.advance(1000)), List.of(), null)).isEqualTo(40_002 + 10_000_000);
            assertThat(b.after(Buffer.READINGS, 40_001, 5)).extracting(BufferedRecord::seq).containsExactly(10_040_002L);
            assertThat(b.appendCycle(List.of(), List.of(new Doc(Buffer.EVENTS, "e2", clock.millis(), "{}")), null)).isZero();
            assertThat(b.after(Buffer.EVENTS, 1, 5)).extracting(BufferedRecord::seq).containsExactly(100_002L);
        }
    }
}
