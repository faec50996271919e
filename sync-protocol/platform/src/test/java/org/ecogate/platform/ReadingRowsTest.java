package org.ecogate.platform;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link ReadingRows#decimal}: every value reads back bit for bit, and measured-looking values print short. */
class ReadingRowsTest {
    private static String decimal(double v) {
        StringBuilder sb = new StringBuilder();
        ReadingRows.decimal(sb, v);
        return sb.toString();
    }

    @Test
    void everyValueReadsBackExactly() {
        Random rnd = new Random(24);
        for (int i = 0; i < 200_000; i++) {
            double v = switch (i % 4) {
                case 0 -> Math.round(rnd.nextGaussian() * 1e6) / 100.0;      // 2 decimals, as plants report
                case 1 -> Math.round(rnd.nextGaussian() * 1e3) / 10_000.0;   // 4 decimals
                case 2 -> rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20);
                default -> Double.longBitsToDouble(rnd.nextLong());
            };
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(decimal(v)))).as("%s printed %s", v, decimal(v))
                    .isEqualTo(Double.doubleToRawLongBits(Double.isNaN(v) ? Double.NaN : v));
        }
        for (double v : new double[] {0.0, -0.0, 1e15, -1e15, 999_999_999_999_999.0, 0.0001, -0.0001, 0.1 + 0.2, Double.MAX_VALUE,
                Double.MIN_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThat(Double.doubleToRawLongBits(Double.parseDouble(decimal(v)))).as("%s printed %s", v, decimal(v))
                    .isEqualTo(Double.doubleToRawLongBits(v));
        }
    }

    @Test
    void measuredValuesPrintAsTheirDigits() {
        assertThat(decimal(123.45)).isEqualTo("123.45");
        assertThat(decimal(-0.05)).isEqualTo("-0.05");
        assertThat(decimal(7.0)).isEqualTo("7");
        assertThat(decimal(2.5)).isEqualTo("2.5");
        assertThat(decimal(0.0001)).isEqualTo("0.0001");
        assertThat(decimal(-0.0)).isEqualTo("-0.0");
        assertThat(decimal(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    }
}
