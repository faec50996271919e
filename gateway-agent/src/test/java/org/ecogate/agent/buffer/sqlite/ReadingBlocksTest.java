package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferTesting;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.TestClock;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packed reading blocks: every value comes back bit-identical (awkward doubles included), readings keep their
 * own seqs (a read may start inside a block), an ack frees a block only once all of it is acknowledged, and a
 * typical poll cycle packs into a few bytes per reading.
 */
class ReadingBlocksTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void everyValueTimeAndQualityComesBackBitIdentical() throws Exception {
        Random rnd = new Random(42);
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000123L),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MAX_VALUE, 0.1 + 0.2, 12.3,
                123 * 0.1, 1e-7, 123456789.123, 1e15, 9.007199254740993E15, -42.0, 65535.0, 0.30000000000000004));
        for (int i = 0; i < 2_000; i++) values.add(rnd.nextDouble() * 1000 - 500);
        for (int i = 0; i < 2_000; i++) values.add(Math.round(rnd.nextGaussian() * 100_000) / 1000.0);
        Quality[] qs = Quality.values();
        List<Reading> in = new ArrayList<>();
        long ts = T0;
        for (int i = 0; i < values.size(); i++) {
            if (i % 7 == 0) ts += rnd.nextInt(2_000) - 500; // same-cycle times shared, some going back
            Quality q = i % 11 == 0 ? qs[rnd.nextInt(qs.length)] : Quality.GOOD;
            Double v = i % 13 == 0 ? null : values.get(i);
            if (i % 17 == 0 && i > 0) v = in.get(i - 1).value(); // repeats
            in.add(new Reading("p" + rnd.nextInt(40), ts, v, q));
        }
        Path f = dir.resolve("codec.db");
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(new TestClock(T0)))) {
            b.appendCycle(in, List.of(), null); // 4,018 readings: blocks of at most 4,096
            b.appendCycle(in, List.of(), null);
            List<BufferedRecord> out = b.after(Buffer.READINGS, 0, 100_000);
            assertThat(out).hasSize(2 * in.size());
            for (int i = 0; i < out.size(); i++) {
                Reading want = in.get(i % in.size());
                Reading got = out.get(i).reading();
                assertThat(out.get(i).seq()).isEqualTo(i + 1);
                assertThat(got.point()).isEqualTo(want.point());
                assertThat(got.ts()).isEqualTo(want.ts());
                assertThat(got.quality()).isEqualTo(want.quality());
                if (want.value() == null) assertThat(got.value()).as("reading %d", i).isNull();
                else assertThat(Double.doubleToRawLongBits(got.value())).as("bits of reading %d (%s)", i, want.value())
                        .isEqualTo(Double.doubleToRawLongBits(want.value()));
            }
        }
    }

    @Test
    void readsStartInsideABlockAndAnAckFreesOnlyWholeBlocks() throws Exception {
        Path f = dir.resolve("partial.db");
        TestClock clock = new TestClock(T0);
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.defaults().withClock(clock).withCommitEvery(java.time.Duration.ZERO))) {
            b.appendCycle(BufferTesting.cycle(10, clock.advance(1000)), List.of(), null); // seqs 1..10, one block
            b.appendCycle(BufferTesting.cycle(10, clock.advance(1000)), List.of(), null); // 11..20
            assertThat(b.after(Buffer.READINGS, 3, 4)).extracting(BufferedRecord::seq).containsExactly(4L, 5L, 6L, 7L);
            assertThat(b.after(Buffer.READINGS, 8, 5)).extracting(BufferedRecord::seq).containsExactly(9L, 10L, 11L, 12L, 13L);
            b.markAcked(Buffer.READINGS, 15); // the second block is half acknowledged: it stays whole
            assertThat(BufferTesting.query(f, "SELECT min(seq) FROM reading")).isEqualTo(11);
            assertThat(BufferTesting.query(f, "SELECT count(*) FROM reading")).isEqualTo(10);
            assertThat(b.stats().backlog()).isEqualTo(5);
            assertThat(b.after(Buffer.READINGS, 15, 100)).extracting(BufferedRecord::seq).containsExactly(16L, 17L, 18L, 19L, 20L);
            b.markAcked(Buffer.READINGS, 20);
            assertThat(BufferTesting.query(f, "SELECT count(*) FROM reading")).isZero();
            assertThat(b.appendCycle(BufferTesting.cycle(1, clock.advance(1000)), List.of(), null)).isEqualTo(21);
        }
    }

    @Test
    void aPollCycleOfDecimalValuesPacksIntoAFewBytesPerReading() throws Exception {
        Path f = dir.resolve("size.db");
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(new TestClock(T0)))) {
            List<Reading> group = new ArrayList<>();
            for (int c = 0; c < 4; c++) group.addAll(BufferTesting.cycle(100, T0 + 250L * c)); // 4 cycles in one grouped commit
            b.appendCycle(group, List.of(), null);
        }
        long bytes = BufferTesting.query(f, "SELECT length(data) FROM reading_block");
        System.out.printf("400 readings (100 points x 4 cycles, values with one decimal) packed into %d bytes: %.2f B/reading%n",
                bytes, bytes / 400.0);
        assertThat(bytes).isLessThanOrEqualTo(4 * 400);
    }
}
