package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.gaps;
import static org.ecogate.agent.buffer.BufferTesting.query;

/**
 * Issue 5: an uplink outage at 1,000 points/s through the disk quota, on an injected clock (readings are generated
 * as fast as the buffer takes them). Default: 10 simulated minutes (600,000 readings) through a 4 MB quota.
 * {@code -Decogate.fullOutage=true}: 24 simulated hours (86.4 million readings) through the default 512 MB quota.
 * Checks that what was dropped is exactly what the gap records say, and prints the numbers.
 */
class SqliteBufferFullOutageTest {
    private static final long T0 = 1_780_000_000_000L;
    private static final int POINTS = 1_000;

    @TempDir
    Path dir;

    // issue 5
    @Test
    void outageAtOneThousandPointsPerSecondThroughTheQuota() throws Exception {
        boolean full = Boolean.getBoolean("ecogate.fullOutage");
        int seconds = full ? 86_400 : 600;
        long quota = full ? BufferSettings.defaults().maxBytes() : 4L << 20;
        TestClock clock = new TestClock(T0);
        Path f = dir.resolve("outage.db");
        long maxSeen = 0;
        long started = System.nanoTime();
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.defaults().withClock(clock).withMaxBytes(quota))) {
            List<Reading> cycle = new ArrayList<>(POINTS);
            for (int s = 1; s <= seconds; s++) {
                long ts = clock.advance(1000);
                cycle.clear();
                for (int i = 0; i < POINTS; i++) cycle.add(Reading.good("dev" + (i / 10) + ".p" + (i % 10), ts, i + Math.PI * (s % 1000 + 1) / 1000)); // 8 bytes each
                b.appendCycle(cycle, List.of(), null);
                if (s % 60 == 0) maxSeen = Math.max(maxSeen, SqliteBuffer.fileBytes(f));
            }
            double took = (System.nanoTime() - started) / 1e9;
            BufferStats st = b.stats();
            long total = (long) seconds * POINTS;
            List<JsonNode> gaps = new ArrayList<>(gaps(b));
            gaps.sort(Comparator.comparingLong(g -> g.path("fromSeq").asLong()));
            long gapTotal = 0;
            long expectFrom = 1;
            for (JsonNode g : gaps) {
                long from = g.path("fromSeq").asLong();
                long to = g.path("toSeq").asLong();
                assertThat(g.path("reason").asText()).isEqualTo("quota maxBytes");
                assertThat(from).as("gap records contiguous from seq 1, no overlap").isEqualTo(expectFrom);
                assertThat(g.path("count").asLong()).isEqualTo(to - from + 1);
                assertThat(g.path("fromTs").asLong()).isEqualTo(T0 + 1000 * ((from - 1) / POINTS + 1));
                assertThat(g.path("toTs").asLong()).isEqualTo(T0 + 1000 * ((to - 1) / POINTS + 1));
                gapTotal += to - from + 1;
                expectFrom = to + 1;
            }
            long firstKept = query(f, "SELECT min(seq) FROM reading");
            long lastKept = query(f, "SELECT max(seq) FROM reading");
            long kept = query(f, "SELECT count(*) FROM reading");
            long dropped = total - kept;
            System.out.printf(Locale.ROOT, "outage %,d s at %,d points/s: %,d readings in %.1f s (%,.0f readings/s)%n",
                    seconds, POINTS, total, took, total / took);
            System.out.printf(Locale.ROOT, "  quota %,d B, largest file (db+wal+shm) seen %,d B, at end %,d B%n", quota, maxSeen, st.fileBytes());
            System.out.printf(Locale.ROOT, "  rows kept %,d (seq %,d..%,d), readings dropped %,d%n", kept, firstKept, lastKept, dropped);
            System.out.printf(Locale.ROOT, "  gap records %,d, their counts total %,d, stats.droppedReadings %,d%n", gaps.size(), gapTotal, st.droppedReadings());
            assertThat(maxSeen).isLessThanOrEqualTo(quota);
            assertThat(st.fileBytes()).isLessThanOrEqualTo(quota);
            assertThat(lastKept).isEqualTo(total);
            assertThat(kept).as("kept seqs are one contiguous range").isEqualTo(lastKept - firstKept + 1);
            assertThat(gaps).isNotEmpty();
            assertThat(expectFrom).as("gaps end right before the first kept seq").isEqualTo(firstKept);
            assertThat(gapTotal).isEqualTo(dropped).isEqualTo(st.droppedReadings());
            assertThat(st.gapRecords()).isEqualTo(gaps.size());
        }
    }
}
