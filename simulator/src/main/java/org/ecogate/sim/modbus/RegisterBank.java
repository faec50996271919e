package org.ecogate.sim.modbus;

import java.util.Arrays;

/**
 * The four Modbus data tables of one simulated device: coils, discrete inputs, holding registers and input
 * registers, each a fixed-size array addressed from 0. Registers hold unsigned 16-bit values.
 *
 * <p>Thread-safe: every method locks the bank. A value that spans two registers (float32, uint32) is written
 * and read under one lock, and {@link #atomically(Runnable)} groups several writes so that a Modbus read never
 * sees half an update. Trap: multi-register values use big-endian word order ABCD (high word at the lower
 * address), the usual order of Modbus devices and of {@code mbpoll -t 4:float}.
 */
public final class RegisterBank {

    /** The four Modbus data tables. Coils and discrete inputs hold bits, the other two hold 16-bit registers. */
    public enum Table {
        COIL("coil"),
        DISCRETE_INPUT("discrete input"),
        HOLDING("holding register"),
        INPUT("input register");

        private final String label;

        Table(String label) {
            this.label = label;
        }

        /** Whether this table holds single bits (coils, discrete inputs) rather than 16-bit registers. */
        public boolean isBitTable() {
            return this == COIL || this == DISCRETE_INPUT;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private final boolean[] coils;
    private final boolean[] discreteInputs;
    private final int[] holding;
    private final int[] input;

    /** A bank with {@code size} entries in each of the four tables. */
    public RegisterBank(int size) {
        this(size, size, size, size);
    }

    /** A bank with the given number of coils, discrete inputs, holding registers and input registers. */
    public RegisterBank(int coils, int discreteInputs, int holding, int input) {
        checkSize("coils", coils);
        checkSize("discrete inputs", discreteInputs);
        checkSize("holding registers", holding);
        checkSize("input registers", input);
        this.coils = new boolean[coils];
        this.discreteInputs = new boolean[discreteInputs];
        this.holding = new int[holding];
        this.input = new int[input];
    }

    private static void checkSize(String what, int n) {
        if (n < 0 || n > 65536) {
            throw new IllegalArgumentException("register bank: number of " + what + " must be 0..65536, got " + n);
        }
    }

    /** Number of entries in {@code table}. */
    public int size(Table table) {
        return switch (table) {
            case COIL -> coils.length;
            case DISCRETE_INPUT -> discreteInputs.length;
            case HOLDING -> holding.length;
            case INPUT -> input.length;
        };
    }

    /** Whether {@code count} entries starting at {@code addr} all lie inside {@code table}. */
    public boolean contains(Table table, int addr, int count) {
        return addr >= 0 && count >= 0 && (long) addr + count <= size(table);
    }

    /** Runs {@code update} while holding the bank's lock, so that readers see all of its writes or none. */
    public synchronized void atomically(Runnable update) {
        update.run();
    }

    // ---- bit tables -------------------------------------------------------------------------------------------

    /** Reads one coil or discrete input. */
    public synchronized boolean getBool(Table table, int addr) {
        return bits(table)[checkRange(table, addr, 1)];
    }

    /** Sets one coil or discrete input. */
    public synchronized void setBool(Table table, int addr, boolean value) {
        bits(table)[checkRange(table, addr, 1)] = value;
    }

    /** Reads {@code count} coils or discrete inputs starting at {@code addr}. */
    public synchronized boolean[] readBools(Table table, int addr, int count) {
        int from = checkRange(table, addr, count);
        return Arrays.copyOfRange(bits(table), from, from + count);
    }

    /** Writes consecutive coils or discrete inputs starting at {@code addr}. */
    public synchronized void writeBools(Table table, int addr, boolean[] values) {
        int from = checkRange(table, addr, values.length);
        System.arraycopy(values, 0, bits(table), from, values.length);
    }

    // ---- register tables --------------------------------------------------------------------------------------

    /** Reads one holding or input register as an unsigned 16-bit value (0..65535). */
    public synchronized int getUint16(Table table, int addr) {
        return words(table)[checkRange(table, addr, 1)];
    }

    /** Reads one register as a signed 16-bit value. */
    public synchronized int getInt16(Table table, int addr) {
        return (short) getUint16(table, addr);
    }

    /** Sets one register; {@code value} is taken modulo 2^16, so signed 16-bit values work as well. */
    public synchronized void setUint16(Table table, int addr, int value) {
        words(table)[checkRange(table, addr, 1)] = value & 0xFFFF;
    }

    /** Reads {@code count} registers starting at {@code addr}, each as an unsigned 16-bit value. */
    public synchronized int[] readRegisters(Table table, int addr, int count) {
        int from = checkRange(table, addr, count);
        return Arrays.copyOfRange(words(table), from, from + count);
    }

    /** Writes consecutive registers starting at {@code addr}; each value is taken modulo 2^16. */
    public synchronized void writeRegisters(Table table, int addr, int[] values) {
        int from = checkRange(table, addr, values.length);
        int[] w = words(table);
        for (int i = 0; i < values.length; i++) {
            w[from + i] = values[i] & 0xFFFF;
        }
    }

    /** Sets an unsigned 32-bit value into registers {@code addr} (high word) and {@code addr+1} (low word). */
    public synchronized void setUint32(Table table, int addr, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(
                    "register bank: uint32 value " + value + " for " + table + " " + addr
                            + " is outside 0..4294967295");
        }
        int from = checkRange(table, addr, 2);
        int[] w = words(table);
        w[from] = (int) (value >>> 16) & 0xFFFF;
        w[from + 1] = (int) value & 0xFFFF;
    }

    /** Reads an unsigned 32-bit value from registers {@code addr} (high word) and {@code addr+1} (low word). */
    public synchronized long getUint32(Table table, int addr) {
        int from = checkRange(table, addr, 2);
        int[] w = words(table);
        return ((long) w[from] << 16) | w[from + 1];
    }

    /** Sets an IEEE-754 float into registers {@code addr} (high word) and {@code addr+1}, word order ABCD. */
    public synchronized void setFloat32(Table table, int addr, float value) {
        setUint32(table, addr, Float.floatToRawIntBits(value) & 0xFFFF_FFFFL);
    }

    /** Reads an IEEE-754 float from registers {@code addr} (high word) and {@code addr+1}, word order ABCD. */
    public synchronized float getFloat32(Table table, int addr) {
        return Float.intBitsToFloat((int) getUint32(table, addr));
    }

    /** Sets or clears bit {@code bit} (0 = least significant) of register {@code addr}. */
    public synchronized void setBit(Table table, int addr, int bit, boolean value) {
        checkBit(bit);
        int from = checkRange(table, addr, 1);
        int[] w = words(table);
        w[from] = value ? (w[from] | (1 << bit)) : (w[from] & ~(1 << bit));
    }

    /** Reads bit {@code bit} (0 = least significant) of register {@code addr}. */
    public synchronized boolean getBit(Table table, int addr, int bit) {
        checkBit(bit);
        return (words(table)[checkRange(table, addr, 1)] & (1 << bit)) != 0;
    }

    private static void checkBit(int bit) {
        if (bit < 0 || bit > 15) {
            throw new IllegalArgumentException("register bank: bit index must be 0..15, got " + bit);
        }
    }

    private int checkRange(Table table, int addr, int count) {
        if (!contains(table, addr, count)) {
            throw new IllegalArgumentException("register bank: " + table + " " + addr
                    + (count == 1 ? "" : ".." + ((long) addr + count - 1)) + " is outside 0.." + (size(table) - 1));
        }
        return addr;
    }

    private boolean[] bits(Table table) {
        return switch (table) {
            case COIL -> coils;
            case DISCRETE_INPUT -> discreteInputs;
            default -> throw new IllegalArgumentException(
                    "register bank: " + table + " holds 16-bit registers, not bits; use the register methods");
        };
    }

    private int[] words(Table table) {
        return switch (table) {
            case HOLDING -> holding;
            case INPUT -> input;
            default -> throw new IllegalArgumentException(
                    "register bank: " + table + " holds bits, not registers; use getBool/setBool");
        };
    }
}
