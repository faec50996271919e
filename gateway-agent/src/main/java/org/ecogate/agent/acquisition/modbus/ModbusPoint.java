package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.PointConfig;

import java.nio.charset.StandardCharsets;

/**
 * A point resolved for reading: which table, which 0-based address, how many registers, how to decode. Built
 * from a {@link PointConfig} that the config loader already validated and normalized. Immutable.
 * Trap: {@link Order} names the bytes as they arrive, A being the most significant: CDAB is "word-swapped", and
 * for 64-bit values the same rule holds per register (CDAB reverses the four registers, BADC swaps bytes in each).
 *
 * @param id global point id "device.point"
 * @param words registers (or bits, for coil/discrete tables) this point occupies
 */
public record ModbusPoint(String id, String name, Table table, int address, Type type, Order order, int bit,
                          int words, double scale, double offset, Double min, Double max) {
    public enum Table {
        COIL(1), DISCRETE(2), HOLDING(3), INPUT(4);

        /** The Modbus read function code. */
        public final int function;

        Table(int function) {
            this.function = function;
        }

        public boolean bits() {
            return this == COIL || this == DISCRETE;
        }
    }

    public enum Type {
        BOOL(1), BIT(1), UINT16(1), INT16(1), UINT32(2), INT32(2), FLOAT32(2), UINT64(4), INT64(4), FLOAT64(4), STRING(0);

        public final int words;

        Type(int words) {
            this.words = words;
        }

        public static Type of(String s) {
            return valueOf(s.toUpperCase());
        }
    }

    /** Byte order as the bytes arrive on the wire, A = most significant. */
    public enum Order {
        ABCD(false, false), CDAB(true, false), BADC(false, true), DCBA(true, true);

        final boolean wordSwap;
        final boolean byteSwap;

        Order(boolean wordSwap, boolean byteSwap) {
            this.wordSwap = wordSwap;
            this.byteSwap = byteSwap;
        }
    }

    public static ModbusPoint of(String deviceId, PointConfig p) {
        Table table = Table.valueOf(p.table().toUpperCase());
        Type type = Type.of(p.type());
        int words = table.bits() ? 1 : type == Type.STRING ? p.length() : type.words;
        return new ModbusPoint(deviceId + "." + p.name(), p.name(), table, Integer.parseInt(p.address()), type,
                p.order() == null ? Order.ABCD : Order.valueOf(p.order()), p.bit() == null ? 0 : p.bit(), words,
                p.scale() == null ? 1.0 : p.scale(), p.offset() == null ? 0.0 : p.offset(), p.min(), p.max());
    }

    /** A point for the CLI: type and order by name, no scaling. */
    public static ModbusPoint raw(String name, Table table, int address, Type type, Order order, int bit, int length) {
        int words = table.bits() ? 1 : type == Type.STRING ? length : type.words;
        return new ModbusPoint(name, name, table, address, type, order, bit, words, 1.0, 0.0, null, null);
    }

    /** Registers (or bits) this point occupies. */
    public int width() {
        return words;
    }

    public int end() {
        return address + words;
    }

    public boolean isText() {
        return type == Type.STRING;
    }

    /**
     * Decodes this point from {@code regs} (register values 0..65535; for bit tables 0 or 1) starting at {@code at}
     * and applies scale and offset. NaN for a float NaN; never throws for values in range.
     */
    public double decode(int[] regs, int at) {
        double raw;
        if (table.bits()) {
            raw = regs[at] != 0 ? 1 : 0;
        } else {
            raw = switch (type) {
                case BIT -> (regs[at] >> bit) & 1;
                case BOOL, UINT16 -> bits(regs, at, 1);
                case INT16 -> (short) bits(regs, at, 1);
                case UINT32 -> bits(regs, at, 2);
                case INT32 -> (int) bits(regs, at, 2);
                case FLOAT32 -> Float.intBitsToFloat((int) bits(regs, at, 2));
                case INT64 -> bits(regs, at, 4);
                case UINT64 -> unsigned(bits(regs, at, 4));
                case FLOAT64 -> Double.longBitsToDouble(bits(regs, at, 4));
                case STRING -> Double.NaN;
            };
        }
        return scale == 1.0 && offset == 0.0 ? raw : raw * scale + offset;
    }

    /** An ASCII string point's text: two characters per register (byte-swapped for BADC/DCBA), trailing NULs and spaces cut. */
    public String text(int[] regs, int at) {
        byte[] b = new byte[words * 2];
        for (int i = 0; i < words; i++) {
            int w = regs[at + i];
            if (order.byteSwap) w = swap(w);
            b[2 * i] = (byte) (w >> 8);
            b[2 * i + 1] = (byte) w;
        }
        int n = b.length;
        while (n > 0 && (b[n - 1] == 0 || b[n - 1] == ' ')) n--;
        for (int i = 0; i < n; i++) if (b[i] == 0 || (b[i] & 0x80) != 0) b[i] = '?';
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    /** The {@code n} registers at {@code at} as one big-endian number after undoing this point's order. */
    long bits(int[] regs, int at, int n) {
        if (n == 1) {
            int w = regs[at];
            return (order.byteSwap ? swap(w) : w) & 0xFFFF;
        }
        if (n == 2) {
            int hi = regs[order.wordSwap ? at + 1 : at], lo = regs[order.wordSwap ? at : at + 1];
            if (order.byteSwap) {
                hi = swap(hi);
                lo = swap(lo);
            }
            return ((long) (hi & 0xFFFF) << 16) | (lo & 0xFFFF);
        }
        long v = 0;
        for (int i = 0; i < n; i++) {
            int w = regs[at + (order.wordSwap ? n - 1 - i : i)];
            if (order.byteSwap) w = swap(w);
            v = (v << 16) | (w & 0xFFFF);
        }
        return v;
    }

    private static int swap(int w) {
        return ((w & 0xFF) << 8) | ((w >> 8) & 0xFF);
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }

    /** Encodes a raw value into registers in this point's order (tests, the simulator's interop checks). */
    public int[] encode(long bitsValue) {
        int n = words;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int w = (int) (bitsValue >>> (16 * (n - 1 - i))) & 0xFFFF;
            if (order.byteSwap) w = swap(w);
            out[order.wordSwap ? n - 1 - i : i] = w;
        }
        return out;
    }
}
