package org.ecogate.sim.modbus;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.Register;

/**
 * A j2mod Modbus TCP master on loopback for tests, with a single try per request (so a timeout
 * shows at once) and helpers to read float32/uint32 values in ABCD word order. Not thread-safe; close it in
 * try-with-resources.
 */
public final class TestMaster implements AutoCloseable {

    private final ModbusTCPMaster master;

    private TestMaster(ModbusTCPMaster master) {
        this.master = master;
    }

    /** A connected master for 127.0.0.1:{@code port} with a response timeout of {@code timeoutMs}. */
    public static TestMaster connect(int port, int timeoutMs) throws Exception {
        ModbusTCPMaster m = new ModbusTCPMaster("127.0.0.1", port, timeoutMs, false);
        m.connect();
        // After connect: j2mod applies it to the transaction that connect() creates. 1 = a single try (j2mod
        // replaces 0 by its default of 5 tries, with back-off sleeps in between).
        m.setRetries(1);
        return new TestMaster(m);
    }

    /** The underlying j2mod master. */
    public ModbusTCPMaster master() {
        return master;
    }

    /** Reads {@code count} holding registers of unit 1 as unsigned 16-bit values. */
    public int[] holding(int addr, int count) throws ModbusException {
        Register[] regs = master.readMultipleRegisters(1, addr, count);
        int[] out = new int[regs.length];
        for (int i = 0; i < regs.length; i++) {
            out[i] = regs[i].toUnsignedShort();
        }
        return out;
    }

    /** Reads a float32 (high word first) from holding registers {@code addr}, {@code addr+1}. */
    public float holdingFloat(int addr) throws ModbusException {
        int[] r = holding(addr, 2);
        return Float.intBitsToFloat((r[0] << 16) | r[1]);
    }

    /** Reads a uint32 (high word first) from holding registers {@code addr}, {@code addr+1}. */
    public long holdingUint32(int addr) throws ModbusException {
        int[] r = holding(addr, 2);
        return ((long) r[0] << 16) | r[1];
    }

    /** Reads a float32 (high word first) from input registers {@code addr}, {@code addr+1}. */
    public float inputFloat(int addr) throws ModbusException {
        var r = master.readInputRegisters(1, addr, 2);
        return Float.intBitsToFloat((r[0].toUnsignedShort() << 16) | r[1].toUnsignedShort());
    }

    @Override
    public void close() {
        master.disconnect();
    }
}
