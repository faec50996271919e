package org.ecogate.agent.buffer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: per-uplink delivery cursors; retention frees a summary only when the sync and every HJ 212 uplink passed it. */
class UplinkCursorsTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(1_800_000_000_000L);

    SqliteBuffer open() throws Exception {
        return SqliteBuffer.open(dir.resolve("b.db"), new BufferSettings(0, Duration.ZERO, null, Duration.ZERO, 100, clock));
    }

    void summaries(Buffer b, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            long ts = clock.millis();
            b.appendCycle(List.of(), List.of(new Doc(Buffer.SUMMARIES, "minute:p" + i, ts, "{}")), null);
            clock.advance(11_000); // past retention's periodic check
        }
    }

    long docs(Buffer b) throws Exception {
        return BufferTesting.query(dir.resolve("b.db"), "SELECT count(*) FROM doc WHERE stream='summaries'");
    }

    @Test
    void aSummaryIsFreedOnlyWhenEveryUplinkHasIt() throws Exception {
        try (SqliteBuffer b = open()) {
            b.cursors().register("prov", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            b.cursors().register("city", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            summaries(b, 5);
            b.markAcked(Buffer.SUMMARIES, 5); // the ecogate sync has everything
            summaries(b, 1);
            assertThat(docs(b)).isEqualTo(6);
            b.cursors().advance("prov", Buffer.SUMMARIES, 5);
            summaries(b, 1);
            assertThat(docs(b)).isEqualTo(7); // city still wants 1..5
            b.cursors().advance("city", Buffer.SUMMARIES, 3);
            b.cursors().advance("city", Buffer.SUMMARIES, 2); // never backwards
            summaries(b, 1);
            assertThat(b.cursors().position("city", Buffer.SUMMARIES)).isEqualTo(3);
            assertThat(docs(b)).isEqualTo(5); // 1..3 freed
        }
    }

    @Test
    void cursorsSurviveReopenAndANewUplinkStartsAtTheEnd() throws Exception {
        try (SqliteBuffer b = open()) {
            b.cursors().register("prov", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            summaries(b, 4);
            b.cursors().advance("prov", Buffer.SUMMARIES, 2);
        }
        try (SqliteBuffer b = open()) {
            b.cursors().register("prov", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            b.cursors().register("city", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            assertThat(b.cursors().position("prov", Buffer.SUMMARIES)).isEqualTo(2);
            assertThat(b.cursors().position("city", Buffer.SUMMARIES)).isEqualTo(4);
        }
    }

    @Test
    void anUplinksAgeCapSkipsOldRecordsAsAGapForThatUplinkOnly() throws Exception {
        try (SqliteBuffer b = open()) {
            b.cursors().register("dead", Set.of(Buffer.SUMMARIES), Duration.ofMinutes(1));
            b.cursors().register("alive", Set.of(Buffer.SUMMARIES), Duration.ZERO);
            summaries(b, 10); // 110 s of summaries; the first ~5 are older than a minute by the end
            List<UplinkCursors.Gap> gaps = b.cursors().gaps("dead");
            assertThat(gaps).isNotEmpty();
            assertThat(gaps.get(0).fromSeq()).isEqualTo(1);
            long skipped = gaps.stream().mapToLong(UplinkCursors.Gap::count).sum();
            assertThat(b.cursors().position("dead", Buffer.SUMMARIES)).isEqualTo(skipped);
            assertThat(skipped).isBetween(4L, 6L);
            assertThat(b.cursors().gaps("alive")).isEmpty();
            assertThat(b.cursors().position("alive", Buffer.SUMMARIES)).isZero();
            assertThat(docs(b)).isEqualTo(10); // alive and the unacknowledging sync still hold them
        }
    }
}
