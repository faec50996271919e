package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.PointConfig;

/**
 * A point resolved for reading: which table, which 0-based address, how many words, how to decode.
 * Built from a {@link PointConfig} that the config loader already validated and normalized.
 *
 * @param id global point id "device.point"
 */
public record ModbusPoint(String id, String name, Table table, int address, Type type, String order, int bit,
                          double scale, double offset) {
    public enum Table {
        COIL, DISCRETE, HOLDING, INPUT;

        public boolean bits() {
            return this == COIL || this == DISCRETE;
        }
    }

    public enum Type {
        BIT(1), UINT16(1), INT16(1), UINT32(2), INT32(2), FLOAT32(2);

        final int words;

        Type(int words) {
            this.words = words;
        }
    }

    public static ModbusPoint of(String deviceId, PointConfig p) {
        Table table = Table.valueOf(p.table().toUpperCase());
        Type type = Type.valueOf(p.type().toUpperCase());
        return new ModbusPoint(deviceId + "." + p.name(), p.name(), table, Integer.parseInt(p.address()), type,
                p.order() == null ? "ABCD" : p.order(), p.bit() == null ? 0 : p.bit(),
                p.scale() == null ? 1.0 : p.scale(), p.offset() == null ? 0.0 : p.offset());
    }

    /** Registers (or bits, for coil/discrete tables) this point occupies. */
    public int width() {
        return table.bits() ? 1 : type.words;
    }

    /**
     * Decodes this point from {@code words} (register values 0..65535) starting at {@code at}; for bit tables
     * {@code words[at]} is 0 or 1. Applies scale and offset.
     */
    public double decode(int[] words, int at) {
        double raw;
        if (table.bits()) {
            raw = words[at] != 0 ? 1 : 0;
        } else {
            switch (type) {
                case BIT -> raw = (words[at] >> bit) & 1;
                case UINT16 -> raw = swapBytes(words[at]);
                case INT16 -> raw = (short) swapBytes(words[at]);
                default -> {
                    int v = combine(words[at], words[at + 1]);
                    raw = switch (type) {
                        case UINT32 -> Integer.toUnsignedLong(v);
                        case INT32 -> v;
                        default -> Float.intBitsToFloat(v);
                    };
                }
            }
        }
        return raw * scale + offset;
    }

    private int swapBytes(int w) {
        // 16-bit values only honour byte swapping (BADC/DCBA); word order is meaningless for one word.
        return order.equals("BADC") || order.equals("DCBA") ? ((w & 0xFF) << 8) | ((w >> 8) & 0xFF) : w;
    }

    /** Combines two registers into 32 bits by this point's order: ABCD big-endian, CDAB word-swapped, BADC byte-swapped, DCBA little-endian. */
    private int combine(int w0, int w1) {
        int a = (w0 >> 8) & 0xFF, b = w0 & 0xFF, c = (w1 >> 8) & 0xFF, d = w1 & 0xFF;
        return switch (order) {
            case "CDAB" -> (c << 24) | (d << 16) | (a << 8) | b;
            case "BADC" -> (b << 24) | (a << 16) | (d << 8) | c;
            case "DCBA" -> (d << 24) | (c << 16) | (b << 8) | a;
            default -> (a << 24) | (b << 16) | (c << 8) | d;
        };
    }
}
