package org.ecogate.sim.modbus;

import java.nio.ByteBuffer;
import org.ecogate.sim.modbus.RegisterBank.Table;

/**
 * Turns one Modbus request PDU (function code and data, without the MBAP header) into its response PDU,
 * reading and writing a {@link RegisterBank}.
 *
 * <p>Stateless apart from the bank, so thread-safe. Checks follow the order of the Modbus specification
 * (function code, then quantity, then address), so a request that is wrong twice gets the same exception code
 * as from a real device.
 */
public final class RequestHandler {

    static final int ILLEGAL_FUNCTION = 0x01;
    static final int ILLEGAL_DATA_ADDRESS = 0x02;
    static final int ILLEGAL_DATA_VALUE = 0x03;

    static final int MAX_READ_BITS = 2000;
    static final int MAX_READ_REGISTERS = 125;
    static final int MAX_WRITE_BITS = 1968;
    static final int MAX_WRITE_REGISTERS = 123;

    private final RegisterBank bank;

    public RequestHandler(RegisterBank bank) {
        this.bank = bank;
    }

    /** The response PDU for {@code pdu}; an exception response where the request cannot be served. */
    public byte[] handle(byte[] pdu) {
        if (pdu.length == 0) {
            return exception(0, ILLEGAL_FUNCTION);
        }
        int fc = pdu[0] & 0xFF;
        ByteBuffer in = ByteBuffer.wrap(pdu, 1, pdu.length - 1);
        try {
            return switch (fc) {
                case 1 -> readBits(fc, Table.COIL, in);
                case 2 -> readBits(fc, Table.DISCRETE_INPUT, in);
                case 3 -> readRegisters(fc, Table.HOLDING, in);
                case 4 -> readRegisters(fc, Table.INPUT, in);
                case 5 -> writeSingleCoil(fc, pdu, in);
                case 6 -> writeSingleRegister(fc, pdu, in);
                case 15 -> writeMultipleCoils(fc, in);
                case 16 -> writeMultipleRegisters(fc, in);
                default -> exception(fc, ILLEGAL_FUNCTION);
            };
        } catch (java.nio.BufferUnderflowException e) {
            return exception(fc, ILLEGAL_DATA_VALUE); // request shorter than its function code needs
        }
    }

    private byte[] readBits(int fc, Table table, ByteBuffer in) {
        int addr = u16(in);
        int qty = u16(in);
        if (qty < 1 || qty > MAX_READ_BITS) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.contains(table, addr, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        boolean[] bits = bank.readBools(table, addr, qty);
        byte[] packed = pack(bits);
        ByteBuffer out = ByteBuffer.allocate(2 + packed.length);
        out.put((byte) fc).put((byte) packed.length).put(packed);
        return out.array();
    }

    private byte[] readRegisters(int fc, Table table, ByteBuffer in) {
        int addr = u16(in);
        int qty = u16(in);
        if (qty < 1 || qty > MAX_READ_REGISTERS) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.contains(table, addr, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        int[] regs = bank.readRegisters(table, addr, qty);
        ByteBuffer out = ByteBuffer.allocate(2 + 2 * qty);
        out.put((byte) fc).put((byte) (2 * qty));
        for (int r : regs) {
            out.putShort((short) r);
        }
        return out.array();
    }

    private byte[] writeSingleCoil(int fc, byte[] pdu, ByteBuffer in) {
        int addr = u16(in);
        int value = u16(in);
        if (value != 0xFF00 && value != 0x0000) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.contains(Table.COIL, addr, 1)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        bank.setBool(Table.COIL, addr, value == 0xFF00);
        return java.util.Arrays.copyOf(pdu, 5); // the response echoes the request
    }

    private byte[] writeSingleRegister(int fc, byte[] pdu, ByteBuffer in) {
        int addr = u16(in);
        int value = u16(in);
        if (!bank.contains(Table.HOLDING, addr, 1)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        bank.setUint16(Table.HOLDING, addr, value);
        return java.util.Arrays.copyOf(pdu, 5);
    }

    private byte[] writeMultipleCoils(int fc, ByteBuffer in) {
        int addr = u16(in);
        int qty = u16(in);
        int byteCount = in.get() & 0xFF;
        if (qty < 1 || qty > MAX_WRITE_BITS || byteCount != (qty + 7) / 8 || in.remaining() < byteCount) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.contains(Table.COIL, addr, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        byte[] packed = new byte[byteCount];
        in.get(packed);
        boolean[] bits = new boolean[qty];
        for (int i = 0; i < qty; i++) {
            bits[i] = (packed[i / 8] & (1 << (i % 8))) != 0;
        }
        bank.writeBools(Table.COIL, addr, bits);
        return echoAddressAndQuantity(fc, addr, qty);
    }

    private byte[] writeMultipleRegisters(int fc, ByteBuffer in) {
        int addr = u16(in);
        int qty = u16(in);
        int byteCount = in.get() & 0xFF;
        if (qty < 1 || qty > MAX_WRITE_REGISTERS || byteCount != 2 * qty || in.remaining() < byteCount) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.contains(Table.HOLDING, addr, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        int[] values = new int[qty];
        for (int i = 0; i < qty; i++) {
            values[i] = u16(in);
        }
        bank.writeRegisters(Table.HOLDING, addr, values);
        return echoAddressAndQuantity(fc, addr, qty);
    }

    private static byte[] echoAddressAndQuantity(int fc, int addr, int qty) {
        return ByteBuffer.allocate(5).put((byte) fc).putShort((short) addr).putShort((short) qty).array();
    }

    static byte[] exception(int fc, int code) {
        return new byte[] {(byte) (fc | 0x80), (byte) code};
    }

    private static byte[] pack(boolean[] bits) {
        byte[] packed = new byte[(bits.length + 7) / 8];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i]) {
                packed[i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return packed;
    }

    private static int u16(ByteBuffer in) {
        return in.getShort() & 0xFFFF;
    }
}
