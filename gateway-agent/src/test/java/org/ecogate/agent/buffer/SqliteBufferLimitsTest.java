package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;
import static org.ecogate.agent.buffer.BufferTesting.noisyCycle;
import static org.ecogate.agent.buffer.BufferTesting.gaps;
import static org.ecogate.agent.buffer.BufferTesting.seqs;

/** Issue 5, part 1: quotas, the overflow policy and its gap records, deletion of acknowledged readings. */
class SqliteBufferLimitsTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);

    private BufferSettings settings() {
        return BufferSettings.defaults().withClock(clock);
    }

    // issue 5
    @Test
    void quotaDropsOldestUnackedReadingsKeepsDocsAndGapsSayExactlyWhatWasDropped() throws Exception {
        long quota = 2L << 20;
        Path f = dir.resolve("q.db");
        long maxSeen = 0;
        try (SqliteBuffer b = SqliteBuffer.open(f, settings().withMaxBytes(quota))) {
            for (int i = 0; i < 2_500; i++) {
                long ts = clock.advance(1000);
                List<Doc> docs = i % 100 == 0 ? List.of(new Doc(Buffer.EVENTS, "ev-" + i, ts, "{\"id\":\"ev-" + i + "\"}")) : List.of();
                b.appendCycle(noisyCycle(100, ts), docs, null);
                if (i == 500) b.markAcked(Buffer.READINGS, 20_000); // an uplink that got part of it out
                maxSeen = Math.max(maxSeen, SqliteBuffer.fileBytes(f));
            }
            BufferStats s = b.stats();
            assertThat(maxSeen).as("database + wal + shm never above the quota").isLessThanOrEqualTo(quota);
            assertThat(s.lastSeq()).isEqualTo(250_000);
            List<JsonNode> gaps = gaps(b);
            assertThat(gaps).isNotEmpty();
            assertThat(s.droppedReadings()).isPositive();
            assertThat(s.gapRecords()).isEqualTo(gaps.size());
            // every seq 1..last is exactly one of: acknowledged and deleted, still buffered, or inside one gap record
            Set<Long> covered = new HashSet<>();
            long dropped = 0;
            for (JsonNode g : gaps) {
                assertThat(g.path("type").asText()).isEqualTo("buffer_gap");
                assertThat(g.path("reason").asText()).isEqualTo("quota maxBytes");
                assertThat(g.path("stream").asText()).isEqualTo("readings");
                long from = g.path("fromSeq").asLong();
                long to = g.path("toSeq").asLong();
                assertThat(g.path("count").asLong()).isEqualTo(to - from + 1);
                assertThat(g.path("fromTs").asLong()).isEqualTo(T0 + 1000 * ((from - 1) / 100 + 1));
                assertThat(g.path("toTs").asLong()).isEqualTo(T0 + 1000 * ((to - 1) / 100 + 1));
                for (long q = from; q <= to; q++) assertThat(covered.add(q)).as("seq %d in two gaps", q).isTrue();
                dropped += g.path("count").asLong();
            }
            assertThat(dropped).isEqualTo(s.droppedReadings());
            List<Long> left = seqs(b);
            assertThat(left).isNotEmpty();
            long overlap = left.stream().filter(covered::contains).count();
            assertThat(overlap).as("buffered seqs also named in a gap").isZero();
            long unexplained = 0;
            for (long q = 20_001; q < left.get(0); q++) if (!covered.contains(q)) unexplained++;
            assertThat(unexplained).as("unacknowledged seqs neither buffered nor in a gap").isZero();
            assertThat(covered).doesNotContain(20_000L); // acknowledged ones are deleted without a gap record
            assertThat(left.get(left.size() - 1)).isEqualTo(250_000);
            assertThat(left).hasSize((int) (250_000 - left.get(0) + 1));
            assertThat(b.after(Buffer.EVENTS, 0, 1000)).as("events are never dropped").hasSize(25);
            // the sender does not stall: reading after the last ack gives the next existing seq
            assertThat(b.after(Buffer.READINGS, b.ackedThrough(Buffer.READINGS), 1).get(0).seq()).isEqualTo(left.get(0));
        }
    }

    // found by the 2-hour soak: acknowledged summaries kept for keepDocs filled the quota, then every new reading was
    // dropped as a gap while the platform had long received those summaries
    @Test
    void quotaDeletesAcknowledgedDocumentsBeforeAnyUnacknowledgedReading() throws Exception {
        long quota = 2L << 20;
        Path f = dir.resolve("d.db");
        String pad = "x".repeat(450);
        try (SqliteBuffer b = SqliteBuffer.open(f, settings().withMaxBytes(quota))) {
            long docs = 0;
            for (int i = 0; i < 400; i++) {
                long ts = clock.advance(1000);
                List<Doc> summaries = new java.util.ArrayList<>();
                for (int k = 0; k < 20; k++) {
                    summaries.add(new Doc(Buffer.SUMMARIES, "s-" + i + "-" + k, ts, "{\"kind\":\"minute\",\"pad\":\"" + pad + i + k + "\"}"));
                }
                b.appendCycle(noisyCycle(10, ts), summaries, null);
                docs += summaries.size();
                b.markAcked(Buffer.SUMMARIES, docs); // the platform has every summary; no reading acknowledged
                assertThat(SqliteBuffer.fileBytes(f)).as("database + wal + shm within the quota").isLessThanOrEqualTo(quota);
            }
            BufferStats s = b.stats();
            assertThat(gaps(b)).as("no unacknowledged reading dropped").isEmpty();
            assertThat(s.droppedReadings()).isZero();
            assertThat(seqs(b)).hasSize(4_000);
            assertThat(b.after(Buffer.SUMMARIES, 0, 10_000)).as("the oldest acknowledged summaries made room")
                    .hasSizeLessThan(8_000).isNotEmpty();
        }
    }

    // issue 5
    @Test
    void acknowledgedReadingsAreDeletedPromptlyAndTheFileStopsGrowing() throws Exception {
        Path f = dir.resolve("a.db");
        try (SqliteBuffer b = SqliteBuffer.open(f, settings().withMaxBytes(0).withMaxAge(Duration.ZERO))) {
            long sizeAfterWarmup = 0;
            for (int i = 0; i < 3_000; i++) {
                long last = b.appendCycle(cycle(100, clock.advance(1000)), List.of(), null);
                if (i % 3 == 2) b.markAcked(Buffer.READINGS, last); // acks trail a little, as over a real link
                if (i == 300) sizeAfterWarmup = java.nio.file.Files.size(f);
            }
            BufferStats s = b.stats();
            assertThat(s.rows()).as("only the unacknowledged tail is left").isLessThanOrEqualTo(300);
            assertThat(s.droppedReadings()).isZero();
            assertThat(gaps(b)).isEmpty();
            assertThat(java.nio.file.Files.size(f)).as("300,000 readings written, freed pages reused")
                    .isLessThan(Math.max(sizeAfterWarmup * 2, 256 << 10));
        }
    }

    // issue 5
    @Test
    void maxAgeDropsUnackedOldReadingsWithAGapAndDeletesAckedOnesSilently() throws Exception {
        Path f = dir.resolve("age.db");
        BufferSettings s = settings().withMaxAge(Duration.ofHours(1)).withKeepAcked(Duration.ofHours(1));
        try (SqliteBuffer b = SqliteBuffer.open(f, s)) {
            for (int i = 0; i < 60; i++) b.appendCycle(cycle(10, clock.advance(60_000)), List.of(), null); // 1 h, a cycle a minute
            assertThat(gaps(b)).as("nothing older than an hour yet").isEmpty();
            b.markAcked(Buffer.READINGS, 100); // the first 10 cycles acknowledged
            clock.advance(30 * 60_000);
            b.appendCycle(cycle(10, clock.millis()), List.of(), null);
            List<JsonNode> gaps = gaps(b);
            assertThat(gaps).hasSize(1);
            JsonNode g = gaps.get(0);
            long cutoff = clock.millis() - Duration.ofHours(1).toMillis();
            assertThat(g.path("reason").asText()).isEqualTo("maxAge");
            assertThat(g.path("fromSeq").asLong()).as("acknowledged readings are deleted without a gap").isEqualTo(101);
            assertThat(g.path("fromTs").asLong()).isEqualTo(T0 + 11 * 60_000);
            // the cut goes a little (maxAge / 50) past the limit so drops come in few steps
            assertThat(g.path("toSeq").asLong()).isEqualTo(310);
            assertThat(g.path("toTs").asLong()).isEqualTo(T0 + 31 * 60_000).isGreaterThanOrEqualTo(cutoff);
            assertThat(g.path("count").asLong()).isEqualTo(210);
            assertThat(seqs(b).get(0)).isEqualTo(311);
            assertThat(b.stats().droppedReadings()).isEqualTo(210);
        }
    }

    // issue 5
    @Test
    void keepAckedHoldsAcknowledgedReadingsForTheirRetention() throws Exception {
        Path f = dir.resolve("keep.db");
        try (SqliteBuffer b = SqliteBuffer.open(f, settings().withKeepAcked(Duration.ofHours(1)))) {
            for (int i = 0; i < 60; i++) b.appendCycle(cycle(10, clock.advance(60_000)), List.of(), null);
            b.markAcked(Buffer.READINGS, 600);
            b.appendCycle(cycle(10, clock.advance(60_000)), List.of(), null);
            assertThat(seqs(b).get(0)).as("all acknowledged readings younger than an hour are kept").isLessThanOrEqualTo(10);
            for (int i = 0; i < 30; i++) b.appendCycle(cycle(10, clock.advance(60_000)), List.of(), null);
            long first = seqs(b).get(0);
            assertThat(b.after(Buffer.READINGS, 0, 1).get(0).reading().ts()).isGreaterThanOrEqualTo(clock.millis() - 3_600_000 - 60_000);
            assertThat(first).isGreaterThan(250);
            assertThat(gaps(b)).isEmpty();
        }
    }
}
