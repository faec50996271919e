package org.ecogate.sim.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusException;
import com.ghgande.j2mod.modbus.ModbusSlaveException;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ModbusTcpServerTest {

    private final RegisterBank bank = new RegisterBank(64);
    private ModbusTcpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new ModbusTcpServer("fan1", "127.0.0.1", 0, bank);
        server.start();
    }

    @AfterEach
    void closeServer() {
        server.close();
    }

    @Test
    void readsAllFourTables() throws Exception {
        bank.setFloat32(Table.HOLDING, 0, 49.25f);
        bank.setUint16(Table.HOLDING, 5, 1458);
        bank.setBool(Table.COIL, 0, true);
        bank.setBool(Table.COIL, 9, true);
        bank.setBool(Table.DISCRETE_INPUT, 1, true);
        bank.setFloat32(Table.INPUT, 4, 20.9f);
        try (TestMaster m = TestMaster.connect(server.port(), 1000)) {
            assertThat(m.holdingFloat(0)).isEqualTo(49.25f);
            assertThat(m.holding(5, 1)).containsExactly(1458);
            BitVector coils = m.master().readCoils(1, 0, 10);
            assertThat(coils.getBit(0)).isTrue();
            assertThat(coils.getBit(1)).isFalse();
            assertThat(coils.getBit(9)).isTrue();
            BitVector inputs = m.master().readInputDiscretes(1, 0, 3);
            assertThat(inputs.getBit(0)).isFalse();
            assertThat(inputs.getBit(1)).isTrue();
            assertThat(m.inputFloat(4)).isEqualTo(20.9f);
        }
    }

    @Test
    void writesRegistersAndCoilsAndReadsThemBack() throws Exception {
        try (TestMaster m = TestMaster.connect(server.port(), 1000)) {
            m.master().writeSingleRegister(1, 10, new SimpleRegister(0xBEEF));
            m.master().writeMultipleRegisters(1, 20, new Register[] {
                    new SimpleRegister(1), new SimpleRegister(2), new SimpleRegister(65535)});
            m.master().writeCoil(1, 3, true);
            BitVector bits = new BitVector(10);
            bits.setBit(0, true);
            bits.setBit(9, true);
            m.master().writeMultipleCoils(1, 30, bits);

            assertThat(m.holding(10, 1)).containsExactly(0xBEEF);
            assertThat(m.holding(20, 3)).containsExactly(1, 2, 65535);
            assertThat(bank.getBool(Table.COIL, 3)).isTrue();
            assertThat(bank.readBools(Table.COIL, 30, 10))
                    .containsExactly(true, false, false, false, false, false, false, false, false, true);
            m.master().writeCoil(1, 3, false);
            assertThat(m.master().readCoils(1, 3, 1).getBit(0)).isFalse();
        }
    }

    @Test
    void anyUnitIdIsAnsweredAndEchoed() throws Exception {
        bank.setUint16(Table.HOLDING, 0, 7);
        try (Socket s = rawClient()) {
            byte[] response = exchange(s, 0x1234, 0, 17, new byte[] {3, 0, 0, 0, 1});
            assertThat(response).containsExactly(0x12, 0x34, 0, 0, 0, 5, 17, 3, 2, 0, 7);
        }
    }

    @Test
    void rangeOutsideTheBankIsIllegalDataAddress() throws Exception {
        try (TestMaster m = TestMaster.connect(server.port(), 1000)) {
            assertThatThrownBy(() -> m.master().readMultipleRegisters(1, 63, 2))
                    .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
            assertThatThrownBy(() -> m.master().writeSingleRegister(1, 64, new SimpleRegister(1)))
                    .isInstanceOfSatisfying(ModbusSlaveException.class, e -> assertThat(e.getType()).isEqualTo(2));
            // the connection survives an exception response
            assertThat(m.holding(63, 1)).containsExactly(0);
        }
    }

    @Test
    void exceptionResponsesForFunctionAndQuantity() throws Exception {
        try (Socket s = rawClient()) {
            assertThat(pdu(exchange(s, 1, 0, 1, new byte[] {0x2B, 0x0E, 1, 0}))).containsExactly(0xAB, 1);
            assertThat(pdu(exchange(s, 2, 0, 1, new byte[] {3, 0, 0, 0, 0}))).containsExactly(0x83, 3);
            assertThat(pdu(exchange(s, 3, 0, 1, new byte[] {4, 0, 0, 0, 126}))).containsExactly(0x84, 3);
            assertThat(pdu(exchange(s, 4, 0, 1, new byte[] {1, 0, 0, 0x07, (byte) 0xD1}))).containsExactly(0x81, 3);
            assertThat(pdu(exchange(s, 5, 0, 1, new byte[] {2, 0, 60, 0, 5}))).containsExactly(0x82, 2);
            assertThat(pdu(exchange(s, 6, 0, 1, new byte[] {5, 0, 0, 0x12, 0x34}))).containsExactly(0x85, 3);
            // byte count that does not match the quantity
            assertThat(pdu(exchange(s, 7, 0, 1, new byte[] {16, 0, 0, 0, 1, 4, 0, 1, 0, 2}))).containsExactly(0x90, 3);
        }
    }

    @Test
    void badProtocolIdClosesTheConnection() throws Exception {
        try (Socket s = rawClient()) {
            s.getOutputStream().write(adu(1, 7, 1, new byte[] {3, 0, 0, 0, 1}));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void oversizedLengthClosesTheConnection() throws Exception {
        try (Socket s = rawClient()) {
            s.getOutputStream().write(new byte[] {0, 1, 0, 0, 0x01, 0x05, 1}); // length 261
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void silentServerTimesOutWhileAnotherAnswersPromptly() throws Exception {
        RegisterBank otherBank = new RegisterBank(8);
        otherBank.setUint16(Table.HOLDING, 0, 42);
        try (ModbusTcpServer other = new ModbusTcpServer("other", "127.0.0.1", 0, otherBank)) {
            other.start();
            server.setSilent(true);
            try (TestMaster silent = TestMaster.connect(server.port(), 300);
                    TestMaster answering = TestMaster.connect(other.port(), 300)) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> silent.holding(0, 1)).isInstanceOf(ModbusException.class);
                assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 2000L);

                long t1 = System.nanoTime();
                assertThat(answering.holding(0, 1)).containsExactly(42);
                assertThat((System.nanoTime() - t1) / 1_000_000).isLessThan(250L);
            }
            server.setSilent(false);
            try (TestMaster again = TestMaster.connect(server.port(), 300)) {
                assertThat(again.holding(0, 1)).containsExactly(0);
            }
        }
    }

    @Test
    void delayIsAppliedBeforeEachResponse() throws Exception {
        server.setDelayMs(150);
        try (TestMaster m = TestMaster.connect(server.port(), 1000)) {
            long t0 = System.nanoTime();
            m.holding(0, 1);
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(140L);
        }
    }

    @Test
    void connectionThreadsAreNamedAfterTheServer() throws Exception {
        try (TestMaster m = TestMaster.connect(server.port(), 1000)) {
            m.holding(0, 1);
            assertThat(Thread.getAllStackTraces().keySet())
                    .anySatisfy(t -> {
                        assertThat(t.getName()).startsWith("modbus-fan1-conn-");
                        assertThat(t.isDaemon()).isTrue();
                    });
        }
    }

    @Test
    void closeDropsClientsAndFreesThePort() throws Exception {
        int port = server.port();
        try (Socket s = rawClient()) {
            exchange(s, 1, 0, 1, new byte[] {3, 0, 0, 0, 1});
            server.close();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(server.connectionCount()).isZero();
        try (ServerSocket again = new ServerSocket()) {
            again.setReuseAddress(true);
            again.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        server.close(); // idempotent
    }

    @Test
    void bindFailureNamesServerAndAddress() throws Exception {
        try (ModbusTcpServer clash = new ModbusTcpServer("esp1", "127.0.0.1", server.port(), bank)) {
            assertThatThrownBy(clash::start)
                    .hasMessageContaining("modbus server 'esp1': cannot listen on 127.0.0.1:" + server.port());
        }
    }

    private Socket rawClient() throws Exception {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(2000);
        return s;
    }

    private static byte[] adu(int tid, int protocol, int unit, byte[] pdu) {
        return ByteBuffer.allocate(7 + pdu.length).putShort((short) tid).putShort((short) protocol)
                .putShort((short) (pdu.length + 1)).put((byte) unit).put(pdu).array();
    }

    /** Sends one request and returns the whole response ADU as unsigned ints. */
    private static int[] exchangeInts(Socket s, int tid, int protocol, int unit, byte[] pdu) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(adu(tid, protocol, unit, pdu));
        InputStream in = s.getInputStream();
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[6];
        data.readFully(header);
        int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
        byte[] rest = new byte[length];
        data.readFully(rest);
        int[] all = new int[6 + length];
        for (int i = 0; i < 6; i++) {
            all[i] = header[i] & 0xFF;
        }
        for (int i = 0; i < length; i++) {
            all[6 + i] = rest[i] & 0xFF;
        }
        return all;
    }

    private static byte[] exchange(Socket s, int tid, int protocol, int unit, byte[] pdu) throws Exception {
        int[] ints = exchangeInts(s, tid, protocol, unit, pdu);
        byte[] b = new byte[ints.length];
        for (int i = 0; i < ints.length; i++) {
            b[i] = (byte) ints[i];
        }
        return b;
    }

    /** The PDU of a response ADU, as unsigned ints. */
    private static int[] pdu(byte[] adu) {
        int[] out = new int[adu.length - 7];
        for (int i = 0; i < out.length; i++) {
            out[i] = adu[7 + i] & 0xFF;
        }
        return out;
    }
}
