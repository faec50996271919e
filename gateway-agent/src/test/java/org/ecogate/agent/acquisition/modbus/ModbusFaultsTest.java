package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.sim.modbus.Fault;
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

/** Fault injection by the simulator's server: no fault crashes a poll or yields a GOOD value; codes by meaning. */
class ModbusFaultsTest {
    private RegisterBank bank;
    private ModbusTcpServer server;

    @BeforeEach
    void start() throws Exception {
        bank = new RegisterBank(64);
        server = new ModbusTcpServer("127.0.0.1", 0, bank);
        server.start();
        bank.setFloat32(Table.HOLDING, 0, 2.5f);
        bank.setUint16(Table.HOLDING, 2, 42);
        bank.setBool(Table.COIL, 0, true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static DeviceConfig device(int port, String points, String extra) throws Exception {
        String yaml = """
                gateway: gw
                uplink: {broker: "tcp://127.0.0.1:1"}
                devices:
                  - id: d1
                    host: 127.0.0.1
                    port: %d
                    timeout: 150ms
                    retries: 1
                %s    points:
                %s""".formatted(port, extra, points);
        return ConfigLoader.parse("t.yaml", yaml, Path.of("/tmp")).devices().get(0);
    }

    private static final String POINTS = """
                  - {name: f, address: 0, type: float32}
                  - {name: u, address: 2}
                  - {name: c, address: 0, table: coil}
            """;

    private static Map<String, Reading> byPoint(List<Reading> rs) {
        return rs.stream().collect(Collectors.toMap(Reading::point, r -> r));
    }

    @Test
    void garbageWrongCountsAndDropsNeverGiveAGoodValueAndTheDeviceRecovers() throws Exception {
        try (ModbusSource src = ModbusSource.create(device(server.port(), POINTS, ""))) {
            long now = 0;
            for (Fault.Kind k : List.of(Fault.Kind.GARBAGE, Fault.Kind.WRONG_COUNT, Fault.Kind.DROP)) {
                assertThat(byPoint(src.poll(now += 60_000)).values()).allMatch(r -> r.quality() == Quality.GOOD);
                server.setFault(Fault.of(k));
                for (int i = 0; i < 5; i++) {
                    List<Reading> rs = src.poll(now += 60_000);
                    assertThat(rs).as("%s cycle %d", k, i).hasSize(3)
                            .allMatch(r -> r.quality() != Quality.GOOD && r.value() == null);
                }
                assertThat(src.deviceStates()).containsEntry("d1", "offline");
                server.setFault(Fault.NONE);
                Map<String, Reading> back = byPoint(src.poll(now += 60_000));
                assertThat(back.get("d1.f").value()).as("after %s", k).isEqualTo(2.5);
                assertThat(back.get("d1.u").value()).isEqualTo(42.0);
                assertThat(src.deviceStates()).containsEntry("d1", "online");
            }
        }
    }

    // issue 12
    @Test
    void busyIsCommFaultLoggedOncePerChangeCountedAndRepeatedBusyDegradesLikeTimeouts() throws Exception {
        try (ModbusSource src = ModbusSource.create(device(server.port(), POINTS, "    offlineAfter: 3\n"))) {
            String log = captureStderr(() -> {
                long now = 0;
                server.setFault(Fault.exception(6));
                for (int i = 0; i < 4; i++) {
                    assertThat(src.poll(now += 60_000)).allMatch(r -> r.quality() == Quality.COMM_FAULT && r.value() == null);
                }
                assertThat(src.deviceStates()).containsEntry("d1", "offline");
                server.setFault(Fault.exception(4));
                src.poll(now += 60_000);
                server.setFault(Fault.NONE);
                assertThat(src.poll(now += 60_000)).allMatch(r -> r.quality() == Quality.GOOD);
                assertThat(src.deviceStates()).containsEntry("d1", "online");
            });
            assertThat(src.deviceExceptions().get("d1")).as("exception responses counted").isGreaterThanOrEqualTo(5);
            assertThat(count(log, "exception 06 server device busy for")).as("06 logged once:\n%s", log).isEqualTo(1);
            assertThat(count(log, "exception 04 server device failure for")).as("04 logged once:\n%s", log).isEqualTo(1);
            assertThat(log).contains("WARN").contains("device \"d1\"").contains("offline after 3 failed cycles")
                    .contains("no exception responses any more").doesNotContain("ClassCastException");
        }
    }

    // issue 12
    @Test
    void aReplyThatDoesNotAnswerTheRequestIsCommFaultWithAWarningSayingWhatWasWrong() throws Exception {
        Map<Fault.Kind, String> expected = Map.of(
                Fault.Kind.WRONG_UNIT, "invalid reply: unit id 2, expected 1",
                Fault.Kind.WRONG_FUNCTION, "invalid reply: function code 2 in reply to function code 1",
                Fault.Kind.WRONG_TRANSACTION, "invalid reply: transaction id",
                Fault.Kind.WRONG_COUNT, "invalid reply: byte count 0 for 1 bits (expected 1)");
        try (ModbusSource src = ModbusSource.create(device(server.port(), POINTS, ""))) {
            long[] now = {0};
            for (Fault.Kind k : List.of(Fault.Kind.WRONG_UNIT, Fault.Kind.WRONG_FUNCTION, Fault.Kind.WRONG_TRANSACTION, Fault.Kind.WRONG_COUNT)) {
                String log = captureStderr(() -> {
                    assertThat(src.poll(now[0] += 60_000)).allMatch(r -> r.quality() == Quality.GOOD);
                    server.setFault(Fault.of(k));
                    for (int i = 0; i < 3; i++) {
                        assertThat(src.poll(now[0] += 60_000)).as("%s cycle %d", k, i)
                                .allMatch(r -> r.quality() == Quality.COMM_FAULT && r.value() == null);
                    }
                    server.setFault(Fault.NONE);
                    assertThat(src.poll(now[0] += 60_000)).as("after %s", k).allMatch(r -> r.quality() == Quality.GOOD);
                });
                assertThat(log).as("%s", k).contains("WARN").contains("device \"d1\" (127.0.0.1:" + server.port())
                        .contains(expected.get(k)).doesNotContain("ClassCastException").doesNotContain("Exception:");
                assertThat(count(log, "no valid answer")).as("%s logged once:\n%s", k, log).isEqualTo(1);
            }
        }
    }

    // issue 12
    @Test
    void aSilentDeviceIsReadAgainWithinOneIntervalOfAnsweringSoADataGapIsNotOverstated() throws Exception {
        // default interval 1 s, default probe = the interval: after 8 s or 45 s of silence the first good reading
        // comes at most one interval after the device answers again (the issue saw 34 s for an 8 s silence)
        try (ModbusSource src = ModbusSource.create(device(server.port(), POINTS, ""))) {
            long now = 0;
            for (long silenceMs : new long[] {8_000, 45_000}) {
                assertThat(src.poll(now += 1000)).allMatch(r -> r.quality() == Quality.GOOD);
                // the short silence times out; the long one drops each connection (same path, without 45 timeouts)
                if (silenceMs < 10_000) server.setSilent(true);
                else server.setFault(Fault.of(Fault.Kind.DROP));
                long silentFrom = now;
                while (now < silentFrom + silenceMs) src.poll(now += 1000);
                assertThat(src.deviceStates()).containsEntry("d1", "offline");
                server.setSilent(false);
                server.setFault(Fault.NONE);
                long back = now;
                long firstGood = -1;
                while (firstGood < 0 && now < back + 60_000) {
                    if (src.poll(now += 1000).stream().allMatch(r -> r.quality() == Quality.GOOD)) firstGood = now;
                }
                assertThat(firstGood - back).as("after %d ms of silence: first good reading after the device answered again (ms)",
                        silenceMs).isBetween(1L, 1000L);
            }
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) n++;
        return n;
    }

    interface Body {
        void run() throws Exception;
    }

    /** Runs {@code body} with System.err captured (slf4j-simple writes there) and returns what was written. */
    static String captureStderr(Body body) throws Exception {
        java.io.PrintStream old = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true));
        try {
            body.run();
        } finally {
            System.setErr(old);
        }
        old.print(buf);
        return buf.toString();
    }

    @Test
    void illegalAddressInAMergedRequestIsolatesTheBadPointAndIsNotRetried() throws Exception {
        // 62..65 passes the 64-register bank: the merged request 60..65 is refused (02); 60 alone is fine
        bank.setUint16(Table.HOLDING, 60, 7);
        String pts = """
                      - {name: ok, address: 60}
                      - {name: bad, address: 62, type: float64}
                """;
        try (ModbusSource src = ModbusSource.create(device(server.port(), pts, ""))) {
            for (int i = 0; i < 3; i++) {
                Map<String, Reading> r = byPoint(src.poll(i));
                assertThat(r.get("d1.ok").value()).isEqualTo(7.0);
                assertThat(r.get("d1.bad").quality()).isEqualTo(Quality.CONFIG_ERROR);
            }
            assertThat(src.plan()).extracting(ReadPlan.Request::start).containsExactly(60, 62);
            assertThat(src.online()).isTrue();
        }
    }

    @Test
    void aDegradedDeviceIsOnlyProbedAndCostsNothingInBetween() throws Exception {
        try (ModbusSource src = ModbusSource.create(device(server.port(), POINTS, "    offlineAfter: 2\n    probe: 30s\n"))) {
            server.setSilent(true);
            long now = 0;
            src.poll(now);                 // 2 tries: 300 ms
            src.poll(now += 1500);         // failing: one try, 150 ms
            assertThat(src.deviceStates()).containsEntry("d1", "offline");
            long t0 = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(src.poll(now += 1000)).allMatch(r -> r.quality() == Quality.COMM_FAULT);
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("20 cycles while degraded (ms)").isLessThan(100);
            server.setSilent(false);
            assertThat(src.poll(now += 1000)).as("still before the probe").allMatch(r -> r.quality() == Quality.COMM_FAULT);
            assertThat(src.poll(now += 40_000)).as("the probe").allMatch(r -> r.quality() == Quality.GOOD);
        }
    }
}
