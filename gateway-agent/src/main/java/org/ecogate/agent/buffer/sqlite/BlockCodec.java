package org.ecogate.agent.buffer.sqlite;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Packs a block's readings into a few bytes each (header, point id, time and quality deltas, value as none / repeat /
 * decimal mantissa / raw 8 bytes) and unpacks them bit-exactly. Not thread-safe (one encoder per block). Trap: a
 * decimal is used only when {@code m / 10^scale} gives back the very same double bits; never change that formula.
 */
final class BlockCodec {
    static final int FORMAT = 1;
    private static final int NONE = 0, DECIMAL = 1, RAW = 2, REPEAT = 3;
    private static final int SAME_TS = 4, SAME_QUALITY = 8;
    private static final int MAX_SCALE = 9;
    private static final double[] POW10 = {1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};

    /** A point's last value in the block: raw bits, and its mantissa when it was a decimal (scale -1 otherwise). */
    private static final class Last {
        long bits;
        boolean has;
        int scale = -1;
        long mantissa;
    }

    private BlockCodec() {}

    /** Encodes readings added in seq order; {@code tsBase} is the block's smallest time (stored beside the blob). */
    static final class Encoder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final Map<Long, Last> last = new HashMap<>();
        private long prevTs;
        private int prevQuality;

        Encoder(long tsBase) {
            prevTs = tsBase;
            out.write(FORMAT);
        }

        void add(long pointId, long ts, Double value, int quality) {
            Last l = last.computeIfAbsent(pointId, k -> new Last());
            int header = 0;
            if (ts == prevTs) header |= SAME_TS;
            if (quality == prevQuality) header |= SAME_QUALITY;
            long mantissa = 0;
            int scale = -1;
            long bits = 0;
            if (value == null) {
                header |= NONE;
            } else {
                bits = Double.doubleToRawLongBits(value);
                if (l.has && l.bits == bits) {
                    header |= REPEAT;
                } else {
                    scale = scaleOf(value);
                    if (scale >= 0) {
                        mantissa = Math.round(value * POW10[scale]);
                        header |= DECIMAL | scale << 4;
                    } else {
                        header |= RAW;
                    }
                }
            }
            out.write(header);
            varint(pointId);
            if (ts != prevTs) varint(zigzag(ts - prevTs));
            if (quality != prevQuality) varint(quality);
            int kind = header & 3;
            if (kind == DECIMAL) {
                varint(zigzag(l.scale == scale ? mantissa - l.mantissa : mantissa));
                l.scale = scale;
                l.mantissa = mantissa;
            } else if (kind == RAW) {
                for (int i = 56; i >= 0; i -= 8) out.write((int) (bits >>> i));
                l.scale = -1;
            }
            if (value != null) {
                l.bits = bits;
                l.has = true;
            }
            prevTs = ts;
            prevQuality = quality;
        }

        byte[] finish() {
            return out.toByteArray();
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) (v & 0x7F) | 0x80);
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    /** The smallest scale whose mantissa gives back exactly these bits, -1 if none (then the value is stored raw). */
    static int scaleOf(double v) {
        long bits = Double.doubleToRawLongBits(v);
        for (int s = 0; s <= MAX_SCALE; s++) {
            double scaled = v * POW10[s];
            if (!(Math.abs(scaled) < 1e15)) return -1;
            long m = Math.round(scaled);
            if (Double.doubleToRawLongBits(m / POW10[s]) == bits) return s;
        }
        return -1;
    }

    /** Receives the readings of a block in seq order; false stops the decoding. */
    @FunctionalInterface
    interface Sink {
        boolean reading(int index, long pointId, long ts, Double value, int quality) throws java.sql.SQLException;
    }

    /** Decodes the {@code n} readings of a block; returns false when the sink stopped it. */
    static boolean decode(byte[] data, int n, long tsBase, Sink sink) throws java.sql.SQLException {
        if (data.length == 0 || data[0] != FORMAT) {
            throw new java.sql.SQLException("reading block of unknown format " + (data.length == 0 ? "(empty)" : data[0]));
        }
        int[] pos = {1};
        Map<Long, Last> last = new HashMap<>();
        long prevTs = tsBase;
        int prevQuality = 0;
        for (int i = 0; i < n; i++) {
            int header = data[pos[0]++] & 0xFF;
            long pointId = varint(data, pos);
            long ts = (header & SAME_TS) != 0 ? prevTs : prevTs + unzigzag(varint(data, pos));
            int quality = (header & SAME_QUALITY) != 0 ? prevQuality : (int) varint(data, pos);
            Last l = last.computeIfAbsent(pointId, k -> new Last());
            Double value;
            switch (header & 3) {
                case DECIMAL -> {
                    int scale = header >>> 4;
                    long d = unzigzag(varint(data, pos));
                    long m = l.scale == scale ? l.mantissa + d : d;
                    l.scale = scale;
                    l.mantissa = m;
                    value = m / POW10[scale];
                }
                case RAW -> {
                    long bits = 0;
                    for (int k = 0; k < 8; k++) bits = bits << 8 | (data[pos[0]++] & 0xFF);
                    l.scale = -1;
                    value = Double.longBitsToDouble(bits);
                }
                case REPEAT -> value = Double.longBitsToDouble(l.bits);
                default -> value = null;
            }
            if (value != null) {
                l.bits = Double.doubleToRawLongBits(value);
                l.has = true;
            }
            prevTs = ts;
            prevQuality = quality;
            if (!sink.reading(i, pointId, ts, value, quality)) return false;
        }
        return true;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            int x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
    }

    private static long zigzag(long v) {
        return v << 1 ^ v >> 63;
    }

    private static long unzigzag(long v) {
        return v >>> 1 ^ -(v & 1);
    }
}
