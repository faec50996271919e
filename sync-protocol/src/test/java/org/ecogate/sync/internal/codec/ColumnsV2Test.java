package org.ecogate.sync.internal.codec;

import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** ColumnsV2 (issue 13): lossless on any data, only SyncFormatException on any damage, smaller than v1 on plant data. */
class ColumnsV2Test {
    private static final double[] AWKWARD = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8_0000_dead_beefL),
            Double.longBitsToDouble(0xfff0_0000_0000_0001L), Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
            Double.MIN_VALUE, -Double.MIN_NORMAL / 3, Float.MIN_VALUE, -Float.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
            Float.MAX_VALUE, 1e300, -1e-300, 123456789012345.0, 9.007199254740993E15, Long.MAX_VALUE, (float) 49.83, 49.83,
            234 * 0.1, 7 * 0.01, 0.1 + 0.2, Math.PI, (float) Math.E, -17.5, 1.0, 0.5, 1e-15, 1e15, 8.999999999999999e15,
            Float.intBitsToFloat(0x7f80_0001)};
    private static final String[] QUALITIES = {"good", "comm_fault", "out_of_range", "qualité €😀"};

    /** Encodes with a dictionary of {@code points}, decodes, and asserts every field equal, values bit for bit. */
    private static byte[] roundTrip(List<SyncRecord> rs, int[] idx, String[] points) throws SyncFormatException {
        Wire.Out o = new Wire.Out(16);
        ColumnsV2.write(o, rs, idx, points.length);
        byte[] cols = o.toByteArray();
        List<SyncRecord> back = ColumnsV2.read(new Wire.In(cols), seqs(rs), points);
        assertThat(back).hasSize(rs.size());
        for (int i = 0; i < rs.size(); i++) {
            SyncRecord a = rs.get(i), b = back.get(i);
            assertThat(b.seq()).isEqualTo(a.seq());
            assertThat(b.point()).as("point %d", i).isEqualTo(a.point());
            assertThat(b.ts()).as("ts %d", i).isEqualTo(a.ts());
            assertThat(b.quality()).as("quality %d", i).isEqualTo(a.quality());
            assertThat(b.body()).as("body %d", i).isEqualTo(a.body());
            if (a.value() == null) assertThat(b.value()).as("value %d", i).isNull();
            else assertThat(Double.doubleToRawLongBits(b.value())).as("value %d: %s", i, a.value())
                    .isEqualTo(Double.doubleToRawLongBits(a.value()));
        }
        return cols;
    }

    private static long[] seqs(List<SyncRecord> rs) {
        long[] seq = new long[rs.size()];
        for (int i = 0; i < seq.length; i++) seq[i] = rs.get(i).seq();
        return seq;
    }

    /** A random batch: any point order and dictionary size, gaps, times regular or not, values of every kind. */
    private static Object[] randomBatch(Random r, int maxN) {
        int n = 1 + r.nextInt(maxN);
        int d = 1 + r.nextInt(r.nextBoolean() ? 20 : 3 * n);
        String[] points = new String[d];
        for (int k = 0; k < d; k++) points[k] = "dev" + k % 5 + ".p" + k;
        int[] idx = new int[n];
        long[] ts = new long[d];
        long base = r.nextInt(4) == 0 ? r.nextLong() : 1_764_000_000_000L + r.nextInt(1 << 20);
        for (int k = 0; k < d; k++) ts[k] = base;
        int style = r.nextInt(4); // 0 cyclic, 1 random points, 2 runs of a point, 3 reversed cycles
        int valueStyle = r.nextInt(4); // 0 any, 1 noisy float32, 2 decimals, 3 awkward only
        double[] level = new double[d];
        for (int k = 0; k < d; k++) level[k] = r.nextGaussian() * 100;
        List<SyncRecord> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = switch (style) {
                case 0 -> i % Math.min(d, 13);
                case 1 -> r.nextInt(d);
                case 2 -> i == 0 || r.nextInt(5) == 0 ? r.nextInt(d) : idx[i - 1];
                default -> d - 1 - i % d;
            };
            idx[i] = k;
            ts[k] += switch (r.nextInt(6)) {
                case 0 -> r.nextLong();
                case 1 -> r.nextInt(2001) - 1000;
                case 2 -> 0;
                default -> 1000;
            };
            Double v = switch (r.nextInt(10) == 0 ? 3 : valueStyle) {
                case 1 -> (double) (float) (level[k] += r.nextGaussian());
                case 2 -> Math.round(level[k] += r.nextGaussian() * 10) / 100.0;
                case 3 -> r.nextInt(8) == 0 ? null : AWKWARD[r.nextInt(AWKWARD.length)];
                default -> switch (r.nextInt(5)) {
                    case 0 -> null;
                    case 1 -> Double.longBitsToDouble(r.nextLong());
                    case 2 -> (double) Float.intBitsToFloat(r.nextInt());
                    case 3 -> (double) r.nextInt(1000) / (r.nextBoolean() ? 10 : 1000);
                    default -> AWKWARD[r.nextInt(AWKWARD.length)];
                };
            };
            String body = r.nextInt(4) == 0 ? "{\"k\":\"é €😀 " + r.nextInt() + "\"}" : null;
            rs.add(new SyncRecord(1 + i * 2L, points[k], ts[k], v, QUALITIES[r.nextInt(4) == 0 ? r.nextInt(4) : 0],
                    r.nextInt(3) == 0 ? body : null));
        }
        return new Object[] {rs, idx, points};
    }

    @Test
    @SuppressWarnings("unchecked")
    void randomBatchesRoundTripBitForBit() throws Exception {
        Random r = new Random(13);
        for (int t = 0; t < 3000; t++) {
            Object[] b = randomBatch(r, t % 10 == 0 ? 2000 : 60);
            roundTrip((List<SyncRecord>) b[0], (int[]) b[1], (String[]) b[2]);
        }
    }

    @Test
    void everyAwkwardValueSurvivesInEveryPosition() throws Exception {
        // each awkward value after each other one on the same point: exercises every class switch and prediction
        List<SyncRecord> rs = new ArrayList<>();
        for (double a : AWKWARD) {
            for (double b : AWKWARD) {
                rs.add(new SyncRecord(rs.size() + 1, "p", 1000L * rs.size(), a, "good"));
                rs.add(new SyncRecord(rs.size() + 1, "p", 1000L * rs.size(), b, "good"));
            }
        }
        roundTrip(rs, new int[rs.size()], new String[] {"p"});
    }

    @Test
    @SuppressWarnings("unchecked")
    void truncationAtEveryByteAndRandomDamageGiveOnlySyncFormatException() {
        Random r = new Random(1313);
        int damaged = 0;
        for (int t = 0; t < 150; t++) {
            Object[] b = randomBatch(r, 40);
            List<SyncRecord> rs = (List<SyncRecord>) b[0];
            Wire.Out o = new Wire.Out(16);
            ColumnsV2.write(o, rs, (int[]) b[1], ((String[]) b[2]).length);
            byte[] cols = o.toByteArray();
            for (int cut = 0; cut < cols.length; cut++) {
                byte[] part = java.util.Arrays.copyOf(cols, cut);
                assertThatThrownBy(() -> ColumnsV2.read(new Wire.In(part), seqs(rs), (String[]) b[2]))
                        .as("cut at %d of %d", cut, cols.length).isInstanceOf(SyncFormatException.class);
            }
            for (int k = 0; k < 200; k++) {
                byte[] bad = cols.clone();
                for (int f = 1 + r.nextInt(3); f > 0; f--) bad[r.nextInt(bad.length)] ^= (byte) (1 << r.nextInt(8));
                if (r.nextInt(10) == 0) r.nextBytes(bad);
                try {
                    assertThat(ColumnsV2.read(new Wire.In(bad), seqs(rs), (String[]) b[2])).hasSize(rs.size());
                } catch (SyncFormatException e) {
                    damaged++;
                    assertThat(e.getMessage()).startsWith("batch");
                } catch (RuntimeException e) {
                    fail("damaged columns threw " + e + " instead of SyncFormatException", e);
                }
            }
        }
        assertThat(damaged).isGreaterThan(10_000);
    }

    @Test
    void malformedColumnsAreNamed() {
        String[] one = {"p"};
        // points: zero run longer than the batch
        assertThatThrownBy(() -> read(one, 2, 0, 5)).hasMessageContaining("batch.point[0]: run of 6 zeros, only 2 left");
        // points: a residual of 2^63 (a negative long) is no index
        assertThatThrownBy(() -> read(one, 1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))
                .hasMessageContaining("batch.point[0]: index residual -9223372036854775808 outside dictionary of 1");
        // quality index 2^63
        assertThatThrownBy(() -> read(one, 2, 0, 1, 2, 1, 'a', 1, 'b', 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01))
                .hasMessageContaining("batch.quality[0]: index -9223372036854775808 outside dictionary");
        // points 0 0 | qualities {good} | ts zero run | tag class 6
        assertThatThrownBy(() -> read(one, 2, 0, 1, 1, 4, 'g', 'o', 'o', 'd', 0, 1, 0x0E))
                .hasMessageContaining("batch.tags[0]: unknown value class 6");
        // tag: float32 with a scale
        assertThatThrownBy(() -> read(one, 2, 0, 1, 1, 4, 'g', 'o', 'o', 'd', 0, 1, 0x15, 1))
                .hasMessageContaining("scale on class 5");
        // tag: run of 2 without END where 2 records are left (a run to the end must say END)
        assertThatThrownBy(() -> read(one, 2, 0, 1, 1, 4, 'g', 'o', 'o', 'd', 0, 1, 0x05, 2))
                .hasMessageContaining("batch.tags[0]: run of 2 where 2 records are left");
        // value: float32 class, residual outside int32
        assertThatThrownBy(() -> read(one, 1, 0, 0, 1, 4, 'g', 'o', 'o', 'd', 0, 0, 0x0D, 0x80, 0x80, 0x80, 0x80, 0x20, 0))
                .hasMessageContaining("is not a float32");
        // bytes after the last column
        assertThatThrownBy(() -> read(one, 1, 0, 0, 1, 4, 'g', 'o', 'o', 'd', 0, 0, 0x08, 0, 7))
                .hasMessageContaining("1 bytes after the last column");
    }

    private static List<SyncRecord> read(String[] points, int n, int... bytes) throws SyncFormatException {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) bytes[i];
        long[] seq = new long[n];
        for (int i = 0; i < n; i++) seq[i] = i + 1;
        return ColumnsV2.read(new Wire.In(b), seq, points);
    }

    /**
     * Plant-like data (13 points a cycle, 1 s apart: noisy float32 analogs, run flags, an integer rate, a kWh counter
     * in tenths), as a backlog batch and as live batches of 3 cycles: v2 must be far below v1.
     */
    @Test
    void plantLikeDataIsSmallerThanV1() throws Exception {
        List<SyncRecord> rs = PlantLike.cycles(new Random(7), 2000);
        double v1 = PlantLike.bytesPerReading(rs, rs.size(), 1), v2 = PlantLike.bytesPerReading(rs, rs.size(), 2);
        double live1 = PlantLike.bytesPerReading(rs, 39, 1), live2 = PlantLike.bytesPerReading(rs, 39, 2);
        System.out.printf("plant-like columns, bytes per reading: backlog v1 %.3f v2 %.3f; live (39) v1 %.3f v2 %.3f%n",
                v1, v2, live1, live2);
        assertThat(v2).isLessThan(1.7).isLessThan(v1 * 0.45);
        assertThat(live2).isLessThan(3.3).isLessThan(live1 * 0.6);
        int[] idx = new int[rs.size()];
        roundTrip(rs, idx, ColumnsBridge.dictionary(rs, idx));
    }
}
