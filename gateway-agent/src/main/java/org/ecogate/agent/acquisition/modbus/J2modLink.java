package org.ecogate.agent.acquisition.modbus;

import com.ghgande.j2mod.modbus.Modbus;
import com.ghgande.j2mod.modbus.ModbusIOException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.facade.AbstractModbusMaster;
import com.ghgande.j2mod.modbus.facade.ModbusSerialMaster;
import com.ghgande.j2mod.modbus.facade.ModbusTCPMaster;
import com.ghgande.j2mod.modbus.io.ModbusTransaction;
import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import com.ghgande.j2mod.modbus.util.SerialParameters;
import com.fazecast.jSerialComm.SerialPort;

/**
 * A {@link ModbusLink} on j2mod: Modbus TCP, RTU over TCP, or RTU on a serial port (jSerialComm). One try per
 * call (retries are the source's decision). Not thread-safe. Traps: j2mod's "retries" counts tries and lives on
 * the transaction that connect() creates, so it is set after each connect; its "reconnect" flag means close after
 * every transaction and stays off; it checks neither the reply's unit id, function code nor byte count (its
 * facade casts the reply, a ClassCastException on a wrong function code): {@link #words} checks all of them.
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
        AbstractModbusMaster m = kind == Kind.RTU ? new SerialMaster(serial, timeoutMs)
                : new TcpMaster(host, port, timeoutMs, kind == Kind.RTU_TCP);
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
        ModbusRequest req = switch (table) {
            case HOLDING -> new ReadMultipleRegistersRequest(start, count);
            case INPUT -> new ReadInputRegistersRequest(start, count);
            case COIL -> new ReadCoilsRequest(start, count);
            case DISCRETE -> new ReadInputDiscretesRequest(start, count);
        };
        req.setUnitID(unit);
        ModbusTransaction tx = ((HasTransaction) master).transaction();
        tx.setCheckingValidity(false); // we check the transaction id ourselves and say what was wrong
        tx.setRetries(1);
        tx.setRequest(req);
        try {
            tx.execute();
        } catch (ModbusSlaveException e) {
            checkUnit(req, tx.getResponse());
            throw new ModbusRefusal(e.getType());
        } catch (ModbusIOException e) {
            // "Message truncated": the frame ended before the data its byte count announced; the device did answer
            if (String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("message truncated")) {
                throw new ModbusReplyMismatch("a byte count larger than the data in the frame (a truncated reply)");
            }
            throw new ModbusIOException(plain(e.getMessage()));
        } catch (RuntimeException e) {
            // j2mod can trip over a malformed frame (index out of bounds, negative sizes): a protocol error
            throw new ModbusIOException("malformed response (" + e.getClass().getSimpleName() + ")");
        }
        return words(req, tx.getResponse(), count);
    }

    /** j2mod's transaction failure text (a hex dump, then the cause) as a short reason for logs. */
    private String plain(String m) {
        String t = String.valueOf(m).toLowerCase(java.util.Locale.ROOT);
        if (t.contains("timed out") || t.contains("timeout")) return "timeout after " + timeoutMs + " ms";
        if (t.contains("premature end") || t.contains("reset") || t.contains("closed") || t.contains("broken pipe")) {
            return "connection closed by the device";
        }
        if (t.contains("crc")) return "CRC error";
        return "malformed reply";
    }

    /** The registers or bits of {@code resp} after checking that it answers {@code req}. */
    static int[] words(ModbusRequest req, ModbusResponse resp, int count) throws ModbusReplyMismatch {
        if (resp == null) throw new ModbusReplyMismatch("no response frame");
        checkUnit(req, resp);
        if (resp.getFunctionCode() != req.getFunctionCode()) {
            throw new ModbusReplyMismatch("function code " + resp.getFunctionCode() + " in reply to function code " + req.getFunctionCode());
        }
        if (!req.isHeadless() && !resp.isHeadless() && resp.getTransactionID() != req.getTransactionID()) {
            throw new ModbusReplyMismatch("transaction id " + resp.getTransactionID() + ", expected " + req.getTransactionID());
        }
        int[] words = new int[count];
        if (resp instanceof ReadMultipleRegistersResponse r) {
            copy(r.getByteCount(), r.getRegisters(), words);
        } else if (resp instanceof ReadInputRegistersResponse r) {
            copy(r.getByteCount(), r.getRegisters(), words);
        } else if (resp instanceof ReadCoilsResponse r) {
            copy(r.getCoils(), words);
        } else if (resp instanceof ReadInputDiscretesResponse r) {
            copy(r.getDiscretes(), words);
        } else {
            throw new ModbusReplyMismatch("unexpected reply type for function code " + req.getFunctionCode());
        }
        return words;
    }

    private static void checkUnit(ModbusRequest req, ModbusResponse resp) throws ModbusReplyMismatch {
        if (resp != null && resp.getUnitID() != req.getUnitID()) {
            throw new ModbusReplyMismatch("unit id " + resp.getUnitID() + ", expected " + req.getUnitID());
        }
    }

    private static void copy(int byteCount, InputRegister[] regs, int[] words) throws ModbusReplyMismatch {
        if (regs == null || byteCount != words.length * 2 || regs.length != words.length) {
            throw new ModbusReplyMismatch("byte count " + byteCount + " for " + words.length + " registers (expected " + words.length * 2 + ")");
        }
        for (int i = 0; i < words.length; i++) words[i] = regs[i].toUnsignedShort();
    }

    private static void copy(BitVector bits, int[] words) throws ModbusReplyMismatch {
        int expected = (words.length + 7) / 8;
        if (bits == null || bits.byteSize() != expected) {
            throw new ModbusReplyMismatch("byte count " + (bits == null ? 0 : bits.byteSize()) + " for " + words.length
                    + " bits (expected " + expected + ")");
        }
        for (int i = 0; i < words.length; i++) words[i] = bits.getBit(i) ? 1 : 0;
    }

    /** j2mod keeps the connection's transaction in a protected field of its facades; these subclasses hand it out. */
    private interface HasTransaction {
        ModbusTransaction transaction();
    }

    private static final class TcpMaster extends ModbusTCPMaster implements HasTransaction {
        TcpMaster(String host, int port, int timeoutMs, boolean rtuFrames) {
            super(host, port, timeoutMs, false, rtuFrames);
        }

        @Override
        public ModbusTransaction transaction() {
            return transaction;
        }
    }

    private static final class SerialMaster extends ModbusSerialMaster implements HasTransaction {
        SerialMaster(SerialParameters p, int timeoutMs) {
            super(p, timeoutMs);
        }

        @Override
        public ModbusTransaction transaction() {
            return transaction;
        }
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
