package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.acquisition.modbus.ModbusPoint.Order;
import org.ecogate.agent.acquisition.modbus.ModbusPoint.Table;
import org.ecogate.agent.acquisition.modbus.ModbusPoint.Type;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Decoding every type in every byte/word order, against bytes laid out by the order's letters. */
class ModbusPointTest {
    /** Registers holding {@code bigEndian} bytes as the order's letters put them on the wire (A = most significant). */
    static int[] wire(byte[] bigEndian, String order) {
        int n = bigEndian.length;
        byte[] w = new byte[n];
        if (n == 2) {
            boolean swap = order.equals("BADC") || order.equals("DCBA");
            w[0] = bigEndian[swap ? 1 : 0];
            w[1] = bigEndian[swap ? 0 : 1];
        } else if (n == 4) {
            for (int i = 0; i < 4; i++) w[i] = bigEndian[order.charAt(i) - 'A'];
        } else {
            // 64-bit: CDAB reverses the registers, BADC swaps the bytes in each, DCBA both (fully little-endian)
            boolean words = order.startsWith("CD") || order.startsWith("DC");
            boolean bytes = order.equals("BADC") || order.equals("DCBA");
            for (int r = 0; r < 4; r++) {
                int src = words ? 3 - r : r;
                w[2 * r] = bigEndian[2 * src + (bytes ? 1 : 0)];
                w[2 * r + 1] = bigEndian[2 * src + (bytes ? 0 : 1)];
            }
        }
        int[] regs = new int[n / 2];
        for (int i = 0; i < regs.length; i++) regs[i] = ((w[2 * i] & 0xFF) << 8) | (w[2 * i + 1] & 0xFF);
        return regs;
    }

    private static double decode(Type t, String order, byte[] be) {
        return ModbusPoint.raw("p", Table.HOLDING, 0, t, Order.valueOf(order), 0, 0).decode(wire(be, order), 0);
    }

    @Test
    void everyTypeInEveryOrder() {
        Random rnd = new Random(1);
        for (String o : new String[] {"ABCD", "CDAB", "BADC", "DCBA"}) {
            for (int i = 0; i < 200; i++) {
                short s = (short) rnd.nextInt();
                assertThat(decode(Type.INT16, o, ByteBuffer.allocate(2).putShort(s).array())).isEqualTo(s);
                assertThat(decode(Type.UINT16, o, ByteBuffer.allocate(2).putShort(s).array())).isEqualTo(s & 0xFFFF);
                int v = rnd.nextInt();
                assertThat(decode(Type.INT32, o, ByteBuffer.allocate(4).putInt(v).array())).isEqualTo(v);
                assertThat(decode(Type.UINT32, o, ByteBuffer.allocate(4).putInt(v).array())).isEqualTo(Integer.toUnsignedLong(v));
                float f = (rnd.nextFloat() - 0.5f) * 1e6f;
                assertThat(decode(Type.FLOAT32, o, ByteBuffer.allocate(4).putFloat(f).array())).isEqualTo(f);
                long l = rnd.nextLong();
                assertThat(decode(Type.INT64, o, ByteBuffer.allocate(8).putLong(l).array())).isEqualTo((double) l);
                assertThat(decode(Type.UINT64, o, ByteBuffer.allocate(8).putLong(l).array()))
                        .isEqualTo(Double.parseDouble(Long.toUnsignedString(l)));
                double d = (rnd.nextDouble() - 0.5) * 1e12;
                assertThat(decode(Type.FLOAT64, o, ByteBuffer.allocate(8).putDouble(d).array())).isEqualTo(d);
            }
        }
    }

    @Test
    void sixtyFourBitOrdersOnAKnownVector() {
        byte[] be = ByteBuffer.allocate(8).putLong(0x0102030405060708L).array();
        assertThat(wire(be, "ABCD")).containsExactly(0x0102, 0x0304, 0x0506, 0x0708);
        assertThat(wire(be, "CDAB")).containsExactly(0x0708, 0x0506, 0x0304, 0x0102);
        assertThat(wire(be, "BADC")).containsExactly(0x0201, 0x0403, 0x0605, 0x0807);
        assertThat(wire(be, "DCBA")).containsExactly(0x0807, 0x0605, 0x0403, 0x0201);
        for (String o : new String[] {"ABCD", "CDAB", "BADC", "DCBA"}) {
            ModbusPoint p = ModbusPoint.raw("p", Table.HOLDING, 0, Type.INT64, Order.valueOf(o), 0, 0);
            assertThat(p.encode(0x0102030405060708L)).containsExactly(wire(be, o));
        }
    }

    @Test
    void bitsScaleOffsetAndStrings() {
        ModbusPoint b = ModbusPoint.raw("b", Table.HOLDING, 0, Type.BIT, Order.ABCD, 15, 0);
        assertThat(b.decode(new int[] {0x8000}, 0)).isEqualTo(1.0);
        assertThat(b.decode(new int[] {0x7FFF}, 0)).isEqualTo(0.0);
        ModbusPoint s = new ModbusPoint("x", "x", Table.HOLDING, 0, Type.INT16, Order.ABCD, 0, 1, 0.1, -40, null, null);
        assertThat(s.decode(new int[] {0xFFF6}, 0)).isCloseTo(-41.0, org.assertj.core.data.Offset.offset(1e-9));
        ModbusPoint str = ModbusPoint.raw("s", Table.HOLDING, 0, Type.STRING, Order.ABCD, 0, 4);
        assertThat(str.text(new int[] {0x4142, 0x4344, 0x2000, 0}, 0)).isEqualTo("ABCD");
        ModbusPoint swapped = ModbusPoint.raw("s", Table.HOLDING, 0, Type.STRING, Order.BADC, 0, 2);
        assertThat(swapped.text(new int[] {0x4241, 0x0043}, 0)).isEqualTo("ABC");
    }
}
