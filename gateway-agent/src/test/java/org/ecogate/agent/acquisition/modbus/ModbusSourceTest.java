package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The agent's Modbus TCP source against the simulator's Modbus server over real loopback sockets. */
class ModbusSourceTest {
    private RegisterBank bank;
    private ModbusTcpServer server;

    @BeforeEach
    void start() throws Exception {
        bank = new RegisterBank(64);
        server = new ModbusTcpServer("127.0.0.1", 0, bank);
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DeviceConfig device(String points, String extra) throws Exception {
        String yaml = """
                gateway: gw
                uplink: {broker: "tcp://127.0.0.1:1"}
                devices:
                  - id: d1
                    host: 127.0.0.1
                    port: %d
                    timeout: 200ms
                    retries: 1
                %s    points:
                %s""".formatted(server.port(), extra, points);
        AgentConfig c = ConfigLoader.parse("t.yaml", yaml, Path.of("/tmp"));
        return c.devices().get(0);
    }

    private static Map<String, Reading> byPoint(List<Reading> rs) {
        return rs.stream().collect(Collectors.toMap(Reading::point, r -> r));
    }

    @Test
    void decodesEveryTypeAndOrder() throws Exception {
        bank.setFloat32(Table.HOLDING, 0, 49.5f);
        bank.setUint32(Table.HOLDING, 2, 123_456_789L);
        bank.setUint16(Table.HOLDING, 4, 0xFFFE);
        bank.setBit(Table.HOLDING, 5, 3, true);
        // CDAB float: low word first
        int bits = Float.floatToIntBits(-12.25f);
        bank.setUint16(Table.HOLDING, 10, bits & 0xFFFF);
        bank.setUint16(Table.HOLDING, 11, (bits >>> 16) & 0xFFFF);
        bank.setFloat32(Table.INPUT, 0, 7.0f);
        bank.setBool(Table.COIL, 3, true);
        bank.writeRegisters(Table.HOLDING, 20, new int[] {('E' << 8) | 'G', ('-' << 8) | '7', 0});
        bank.setBool(Table.DISCRETE_INPUT, 1, true);
        DeviceConfig d = device("""
                      - {name: f, address: 0, type: float32}
                      - {name: e, address: 2, type: uint32, scale: 0.1}
                      - {name: s, address: 4, type: int16}
                      - {name: u, address: 4, type: uint16}
                      - {name: b, address: 5, type: bit, bit: 3}
                      - {name: c, address: 10, type: float32, order: CDAB}
                      - {name: i, address: "30001", type: float32}
                      - {name: coil, address: 3, table: coil}
                      - {name: sn, address: 20, type: string, length: 3}
                      - {name: di, address: "10002"}
                """, "");
        try (ModbusSource src = ModbusSource.create(d)) {
            Map<String, Reading> r = byPoint(src.poll(1000));
            assertThat(r.get("d1.f").value()).isEqualTo(49.5);
            assertThat(r.get("d1.e").value()).isCloseTo(12_345_678.9, within(1e-6));
            assertThat(r.get("d1.s").value()).isEqualTo(-2.0);
            assertThat(r.get("d1.u").value()).isEqualTo(65534.0);
            assertThat(r.get("d1.b").value()).isEqualTo(1.0);
            assertThat(r.get("d1.c").value()).isEqualTo(-12.25);
            assertThat(r.get("d1.i").value()).isEqualTo(7.0);
            assertThat(r.get("d1.coil").value()).isEqualTo(1.0);
            assertThat(r.get("d1.di").value()).isEqualTo(1.0);
            assertThat(r.values()).allMatch(x -> x.quality() == Quality.GOOD && x.ts() == 1000);
            assertThat(src.online()).isTrue();
            assertThat(r).doesNotContainKey("d1.sn");
            assertThat(src.texts()).containsEntry("d1.sn", "EG-7");
            // holding 0..22 is one request (holes of 4 and 8 <= maxGap 8), plus input, coil, discrete
            assertThat(src.plan()).hasSize(4);
        }
    }

    @Test
    void aSilentDeviceCostsTimeoutTimesTriesAndYieldsCommFaultThenRecovers() throws Exception {
        bank.setFloat32(Table.HOLDING, 0, 1.5f);
        DeviceConfig d = device("      - {name: f, address: 0, type: float32}\n", "");
        try (ModbusSource src = ModbusSource.create(d)) {
            assertThat(src.poll(1).get(0).quality()).isEqualTo(Quality.GOOD);
            server.setSilent(true);
            long t0 = System.nanoTime();
            List<Reading> rs = src.poll(2);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(rs).singleElement().satisfies(r -> {
                assertThat(r.quality()).isEqualTo(Quality.COMM_FAULT);
                assertThat(r.value()).isNull();
            });
            assertThat(src.online()).isFalse();
            // 200 ms timeout x (1 retry + 1) tries; never j2mod's default of 5 tries
            assertThat(ms).as("silent poll took %d ms", ms).isBetween(300L, 900L);
            server.setSilent(false);
            assertThat(src.poll(3).get(0).quality()).as("backing off: no I/O, comm_fault").isEqualTo(Quality.COMM_FAULT);
            Reading back = src.poll(3 + 1300).get(0);
            assertThat(back.quality()).isEqualTo(Quality.GOOD);
            assertThat(back.value()).isEqualTo(1.5);
            assertThat(src.online()).isTrue();
        }
    }

    @Test
    void anExceptionResponseMarksOnlyThatRequestsPointsConfigError() throws Exception {
        bank.setUint16(Table.HOLDING, 0, 7);
        DeviceConfig d = device("""
                      - {name: ok, address: 0, type: uint16}
                      - {name: beyond, address: 60000, type: uint16}
                """, "");
        try (ModbusSource src = ModbusSource.create(d)) {
            Map<String, Reading> r = byPoint(src.poll(5));
            assertThat(r.get("d1.ok").value()).isEqualTo(7.0);
            assertThat(r.get("d1.beyond").quality()).isEqualTo(Quality.CONFIG_ERROR);
            assertThat(src.online()).isTrue();
        }
    }

    @Test
    void aDeviceThatIsDownIsCommFaultAndIsReconnectedWhenBack() throws Exception {
        bank.setUint16(Table.HOLDING, 0, 3);
        DeviceConfig d = device("      - {name: v, address: 0, type: uint16, min: 0, max: 5}\n", "");
        int port = server.port();
        try (ModbusSource src = ModbusSource.create(d)) {
            assertThat(src.poll(1).get(0).value()).isEqualTo(3.0);
            server.close();
            assertThat(src.poll(2).get(0).quality()).isEqualTo(Quality.COMM_FAULT);
            server = new ModbusTcpServer("127.0.0.1", port, bank);
            server.start();
            bank.setUint16(Table.HOLDING, 0, 9);
            assertThat(src.poll(3 + 1300).get(0).quality()).as("9 is above max 5").isEqualTo(Quality.OUT_OF_RANGE);
            bank.setUint16(Table.HOLDING, 0, 4);
            assertThat(src.poll(5000).get(0).value()).isEqualTo(4.0);
        }
    }
}
