package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;
import static org.ecogate.agent.buffer.BufferTesting.gaps;
import static org.ecogate.agent.buffer.BufferTesting.seqs;

/**
 * Issue 5, part 2: a full filesystem (a 2 MB tmpfs mounted by the test, filled with a ballast file). Fails with
 * the reason where mounting is not permitted (not root, no CAP_SYS_ADMIN), see {@link Tmpfs}.
 */
class SqliteBufferDiskFullTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path tmp;
    private Path mnt;
    private final TestClock clock = new TestClock(T0);

    @BeforeEach
    void mount() throws Exception {
        Tmpfs.mount(tmp.resolve("small"), "2m");
        mnt = tmp.resolve("small");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mnt != null) Tmpfs.unmount(mnt);
    }

    /** Appends cycles (one event every 10th) until the buffer starts holding them in memory; returns how many were appended. */
    private int appendUntilHeld(SqliteBuffer b, int[] counter) throws Exception {
        for (int i = 0; i < 5_000; i++) {
            appendNumbered(b, counter);
            if (b.stats().pendingCycles() > 0) return i + 1;
        }
        throw new AssertionError("the disk never refused a write");
    }

    private static void appendNumbered(SqliteBuffer b, int[] counter) throws Exception {
        int n = counter[0]++;
        List<Doc> docs = n % 10 == 0 ? List.of(new Doc(Buffer.EVENTS, "ev-" + n, T0 + n, "{\"id\":\"ev-" + n + "\"}")) : List.of();
        b.appendCycle(cycle(100, T0 + 1000L * n), docs, "{\"cycle\":" + n + "}");
    }

    // issue 5
    @Test
    void diskFullHoldsCyclesInMemoryAndWritesThemInOrderWhenSpaceReturns() throws Exception {
        Path f = mnt.resolve("b.db");
        int[] counter = {0};
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock).withMemoryCycles(200))) {
            for (int i = 0; i < 20; i++) appendNumbered(b, counter);
            Path ballast = Tmpfs.fill(mnt);
            appendUntilHeld(b, counter);
            for (int i = 0; i < 30; i++) appendNumbered(b, counter); // keeps polling while the disk is full
            assertThat(b.stats().pendingCycles()).isBetween(30, 200);
            assertThat(b.detectorState()).as("the newest state, even while held in memory").isEqualTo("{\"cycle\":" + (counter[0] - 1) + "}");
            Files.delete(ballast);
            appendNumbered(b, counter);
            BufferStats s = b.stats();
            assertThat(s.pendingCycles()).isZero();
            assertThat(s.droppedReadings()).isZero();
            assertThat(seqs(b)).as("every accepted reading, in order, none lost").hasSize(counter[0] * 100)
                    .isSorted();
            List<BufferedRecord> all = b.after(Buffer.READINGS, 0, counter[0] * 100);
            for (int k = 0; k < all.size(); k++) assertThat(all.get(k).reading().ts()).isEqualTo(T0 + 1000L * (k / 100));
            assertThat(b.after(Buffer.EVENTS, 0, 1000)).hasSize((counter[0] + 9) / 10);
            assertThat(gaps(b)).isEmpty();
        }
    }

    // issue 5
    @Test
    void beyondTheMemoryBoundReadingsAreDroppedAndRecordedAsAGapButEventsAreKept() throws Exception {
        Path f = mnt.resolve("b.db");
        int[] counter = {0};
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock).withMemoryCycles(20))) {
            for (int i = 0; i < 20; i++) appendNumbered(b, counter);
            Path ballast = Tmpfs.fill(mnt);
            appendUntilHeld(b, counter);
            int firstHeld = counter[0] - 1;
            long lastWritten = b.stats().lastSeq();
            for (int i = 0; i < 49; i++) appendNumbered(b, counter); // 50 held, bound 20: 30 cycles' readings dropped
            assertThat(b.stats().pendingCycles()).isEqualTo(20);
            Files.delete(ballast);
            appendNumbered(b, counter);
            BufferStats s = b.stats();
            assertThat(s.pendingCycles()).isZero();
            assertThat(s.droppedReadings()).isEqualTo(3_000);
            List<JsonNode> gaps = gaps(b);
            assertThat(gaps).hasSize(1);
            JsonNode g = gaps.get(0);
            assertThat(g.path("reason").asText()).isEqualTo("disk full");
            assertThat(g.path("count").asLong()).isEqualTo(3_000);
            assertThat(g.path("fromSeq").asLong()).isEqualTo(lastWritten + 1);
            assertThat(g.path("toSeq").asLong()).isEqualTo(lastWritten + 3_000);
            assertThat(g.path("fromTs").asLong()).isEqualTo(T0 + 1000L * firstHeld);
            assertThat(g.path("toTs").asLong()).isEqualTo(T0 + 1000L * (firstHeld + 29));
            List<BufferedRecord> next = b.after(Buffer.READINGS, lastWritten, 1);
            assertThat(next.get(0).seq()).as("seq numbers of the dropped readings stay unused").isEqualTo(lastWritten + 3_001);
            assertThat(next.get(0).reading().ts()).isEqualTo(T0 + 1000L * (firstHeld + 30));
            assertThat(b.after(Buffer.EVENTS, 0, 1000)).as("events of dropped cycles are kept").hasSize((counter[0] + 9) / 10);
            assertThat(seqs(b)).hasSize((counter[0] - 30) * 100);
        }
    }
}
