package org.ecogate.agent.acquisition.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import com.fazecast.jSerialComm.SerialPort;

/**
 * A {@link ModbusLink} on j2mod: Modbus TCP, RTU over TCP, or RTU on a serial port (jSerialComm). One try per
 * call (retries are the source's decision). Not thread-safe. Traps: j2mod's "retries" counts tries and lives on
 * the transaction that connect() creates, so it is set after each connect; its "reconnect" flag means close after
 * every transaction and stays off; it does not check that a response holds as many registers as asked.
 */
public final class J2modLink implements ModbusLink {
    public enum Kind { TCP, RTU_TCP, RTU }

    private final Kind kind;
    private final String host;
    private final int port;
    private final SerialParameters serial;
    private final int timeoutMs;
    private AbstractModbusMaster master;

    private J2modLink(Kind kind, String host, int port, SerialParameters serial, int timeoutMs) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.serial = serial;
        this.timeoutMs = timeoutMs;
    }

    public static J2modLink tcp(String host, int port, int timeoutMs, boolean rtuFrames) {
        return new J2modLink(rtuFrames ? Kind.RTU_TCP : Kind.TCP, host, port, null, timeoutMs);
    }

    /** RTU on a serial port; parity "none"/"even"/"odd". */
    public static J2modLink serial(String device, int baud, int dataBits, String parity, int stopBits, int timeoutMs) {
        SerialParameters p = new SerialParameters();
        p.setPortName(device);
        p.setBaudRate(baud);
        p.setDatabits(dataBits);
        p.setParity(switch (parity) {
            case "even" -> SerialPort.EVEN_PARITY;
            case "odd" -> SerialPort.ODD_PARITY;
            default -> SerialPort.NO_PARITY;
        });
        p.setStopbits(stopBits == 2 ? SerialPort.TWO_STOP_BITS : SerialPort.ONE_STOP_BIT);
        p.setEncoding(Modbus.SERIAL_ENCODING_RTU);
        p.setEcho(false);
        return new J2modLink(Kind.RTU, null, 0, p, timeoutMs);
    }

    @Override
    public void open() throws Exception {
        close();
        AbstractModbusMaster m = kind == Kind.RTU ? new ModbusSerialMaster(serial, timeoutMs)
                : new ModbusTCPMaster(host, port, timeoutMs, false, kind == Kind.RTU_TCP);
        try {
            m.connect();
        } catch (Exception e) {
            m.disconnect();
            throw e;
        }
        if (kind == Kind.RTU && !m.isConnected()) {
            m.disconnect();
            throw new java.io.IOException("cannot open serial port " + serial.getPortName());
        }
        m.setRetries(1);
        master = m;
    }

    @Override
    public boolean isOpen() {
        return master != null && master.isConnected();
    }

    @Override
    public int[] read(int unit, ModbusPoint.Table table, int start, int count) throws Exception {
        int[] words = new int[count];
        try {
            switch (table) {
                case HOLDING -> copy(master.readMultipleRegisters(unit, start, count), words);
                case INPUT -> copy(master.readInputRegisters(unit, start, count), words);
                case COIL -> copy(master.readCoils(unit, start, count), words);
                case DISCRETE -> copy(master.readInputDiscretes(unit, start, count), words);
            }
        } catch (ModbusSlaveException e) {
            throw new ModbusRefusal(e.getType());
        } catch (RuntimeException e) {
            // j2mod can trip over a malformed frame (index out of bounds, negative sizes): a protocol error
            throw new ModbusIOException("malformed response: " + e);
        }
        return words;
    }

    private static void copy(InputRegister[] regs, int[] words) throws ModbusIOException {
        if (regs == null || regs.length != words.length) {
            throw new ModbusIOException("wrong byte count: " + (regs == null ? 0 : regs.length * 2) + " bytes for " + words.length + " registers");
        }
        for (int i = 0; i < words.length; i++) words[i] = regs[i].toUnsignedShort();
    }

    private static void copy(BitVector bits, int[] words) throws ModbusIOException {
        if (bits == null || bits.byteSize() != (words.length + 7) / 8) {
            throw new ModbusIOException("wrong byte count: " + (bits == null ? 0 : bits.byteSize()) + " bytes for " + words.length + " bits");
        }
        for (int i = 0; i < words.length; i++) words[i] = bits.getBit(i) ? 1 : 0;
    }

    @Override
    public boolean resetAfterFailure() {
        return kind != Kind.RTU;
    }

    @Override
    public String describe() {
        return kind == Kind.RTU ? serial.getPortName() + " " + serial.getBaudRate() + " " + serial.getDatabits()
                + serial.getParityString().charAt(0) + serial.getStopbits() : host + ":" + port + (kind == Kind.RTU_TCP ? " (rtu over tcp)" : "");
    }

    @Override
    public void close() {
        if (master != null) {
            master.disconnect();
            master = null;
        }
    }
}
