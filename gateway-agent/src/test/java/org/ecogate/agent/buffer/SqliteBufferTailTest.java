package org.ecogate.agent.buffer;

import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;

/**
 * Issue 12: the sync sender reads the readings after its cursor once per poll cycle; the buffer now keeps its last
 * read and fetches only the rows added since. What it returns must stay what a fresh read of the file returns,
 * also after rows were dropped (quota, age) or deleted as acknowledged.
 */
class SqliteBufferTailTest {
    private static final long T0 = 1_780_000_000_000L;
    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(T0);

    // issue 12
    @Test
    void repeatedReadsWhileTheBufferGrowsReturnWhatWasAppended() throws Exception {
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("t.db"), BufferSettings.retainAll().withClock(clock))) {
            List<Reading> all = new ArrayList<>();
            long sent = 0;
            for (int c = 0; c < 300; c++) {
                List<Reading> cyc = cycle(7, clock.advance(100));
                all.addAll(cyc);
                b.appendCycle(cyc, List.of(), null);
                List<BufferedRecord> got = b.after(Buffer.READINGS, sent, 50);
                assertThat(got).as("cycle %d, after seq %d", c, sent).hasSize((int) Math.min(50, all.size() - sent));
                for (int i = 0; i < got.size(); i++) {
                    assertThat(got.get(i).seq()).isEqualTo(sent + 1 + i);
                    assertThat(got.get(i).reading()).isEqualTo(all.get((int) (sent + i)));
                }
                if (c % 3 == 2) sent = got.get(got.size() - 1).seq(); // a batch left: the cursor moves
            }
        }
    }

    // issue 12
    @Test
    void readingsDroppedUnacknowledgedAreNotServedFromTheLastRead() throws Exception {
        BufferSettings s = BufferSettings.retainAll().withClock(clock).withMaxAge(Duration.ofHours(1));
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("age.db"), s)) {
            for (int i = 0; i < 60; i++) b.appendCycle(cycle(10, clock.advance(60_000)), List.of(), null);
            assertThat(b.after(Buffer.READINGS, 0, 500)).hasSize(500).first().extracting(BufferedRecord::seq).isEqualTo(1L);
            clock.advance(30 * 60_000);
            b.appendCycle(cycle(10, clock.millis()), List.of(), null); // maxAge drops seq 1..310, a gap record says so
            assertThat(BufferTesting.gaps(b)).hasSize(1);
            assertThat(b.after(Buffer.READINGS, 0, 500)).as("the sender re-reads from its cursor")
                    .first().extracting(BufferedRecord::seq).isEqualTo(311L);
        }
    }

    // issue 12
    @Test
    void readingsDeletedAsAcknowledgedAreNotServedFromTheLastRead() throws Exception {
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("ack.db"), BufferSettings.defaults().withClock(clock))) {
            for (int i = 0; i < 60; i++) b.appendCycle(cycle(10, clock.advance(1000)), List.of(), null);
            assertThat(b.after(Buffer.READINGS, 0, 500)).hasSize(500);
            b.markAcked(Buffer.READINGS, 300); // keepAcked 0: deleted at once
            assertThat(b.after(Buffer.READINGS, 0, 500)).first().extracting(BufferedRecord::seq).isEqualTo(301L);
        }
    }
}
