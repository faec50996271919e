package org.ecogate.agent.cli;

import org.ecogate.sync.testkit.CliRun;
import org.ecogate.sim.coap.EspCoapSensor;
import org.ecogate.sim.modbus.Fault;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.rtu.RtuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23, commissioning from a vendor register sheet: the traps a technician met on the way from a CSV to a probed
 * config (Modicon addresses beside a table column, Excel's BOM, durations without units, a silent scan, CBOR bytes,
 * a serial port that is not there), each run as the real command line.
 */
class CommissioningCliTest {
    @TempDir
    Path dir;

    private Path config(String devices) throws Exception {
        Files.writeString(dir.resolve("hmac.key"), "0123456789abcdef0123456789abcdef\n");
        Path f = dir.resolve("site.yaml");
        Files.writeString(f, "gateway: g\nuplink: {broker: \"tcp://127.0.0.1:1\", keyFile: hmac.key}\ndevices:\n" + devices);
        return f;
    }

    @Test
    void pointsImportConvertsAModiconAddressBesideATableColumnAndSaysSo() throws Exception {
        Path csv = dir.resolve("map.csv");
        Files.writeString(csv, "name,address,table,type\nfreq,40003,Holding,float32\nspeed,5,holding,uint16\n");
        CliRun r = CliRun.of(Main::execute, "points", "import", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("{name: \"freq\", address: \"2\", table: \"holding\", type: \"float32\"}")
                .contains("{name: \"speed\", address: \"5\", table: \"holding\", type: \"uint16\"}");
        assertThat(r.err()).contains("note: " + csv + ":2: address 40003 (Holding) is a Modicon reference: converted to holding address 2 (0-based)");
    }

    @Test
    void pointsImportReadsAnExcelCsvWithItsBomAndVendorSpellings() throws Exception {
        Path csv = dir.resolve("excel.csv");
        String sheet = "\uFEFFTag Name;Register;Register Type;Data Type;Byte Order;Units;Description\n"
                + "kv;30001;Input Register;REAL;CD AB;kV;secondary voltage\n"
                + "run;10001;Discrete Input;BOOL;;;run contact\n"
                + "energy;40010;HR;DWORD;;kWh;\n";
        Files.write(csv, sheet.getBytes(StandardCharsets.UTF_8));
        CliRun r = CliRun.of(Main::execute, "points", "import", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("\uFEFF").contains("ignored column 'Description'");
        assertThat(r.out()).contains("{name: \"kv\", address: \"0\", table: \"input\", type: \"float32\", order: \"CDAB\", unit: \"kV\"}")
                .contains("{name: \"run\", address: \"0\", table: \"discrete\", type: \"bool\"}")
                .contains("{name: \"energy\", address: \"9\", table: \"holding\", type: \"uint32\", unit: \"kWh\"}");
    }

    @Test
    void configValidateWarnsAboutAModiconAddressBesideItsTable() throws Exception {
        Path f = config("""
                  - id: fan1
                    host: 127.0.0.1
                    points:
                      - {name: freq, address: 40003, table: holding, type: float32}
                      - {name: kv, address: "30001", table: holding}
                      - {name: ok, address: 2, table: holding}
                """);
        CliRun r = CliRun.of(Main::execute, "config", "validate", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err().lines().filter(l -> l.startsWith("warning: ")).toList()).containsExactly(
                "warning: " + f + ":7: devices[0].points[0].address: address 40003 with table holding is holding register 40003 (0-based), "
                        + "which few devices have; if the register sheet means the Modicon reference 40003, that is holding address 2: "
                        + "write address: 2 (or drop table: and keep \"40003\")",
                "warning: " + f + ":8: devices[0].points[1].address: address 30001 with table holding: as a Modicon reference 30001 is "
                        + "an input register, not holding; check the register sheet (a table and a 0-based address, or the reference without table:)");
    }

    @Test
    void configValidateWarnsAboutAMissingSerialPortAndRefusesToProbeIt() throws Exception {
        Path f = config("""
                  - id: meter
                    transport: modbus-rtu
                    serial: /dev/ttyUSB-ecogate-none
                    points:
                      - {name: kw, address: 0}
                """);
        CliRun r = CliRun.of(Main::execute, "config", "validate", f.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: " + f + ":6: devices[0].serial: serial port /dev/ttyUSB-ecogate-none does not exist on this machine");
        r = CliRun.of(Main::execute, "config", "validate", "--probe", f.toString());
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err()).contains("error: " + f + ":6: devices[0].serial: serial port /dev/ttyUSB-ecogate-none does not exist")
                .doesNotContain("invalid port descriptor");
    }

    @Test
    void durationOptionsTakeUnitsLikeTheConfig() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        CliRun r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + closed, "--timeout", "500ms");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.UNREACHABLE);
        r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + closed, "--timeout", "half a second");
        assertThat(r.code()).isEqualTo(Main.INVALID);
        assertThat(r.err().strip()).startsWith("error: ").contains("'half a second' is not a duration: write e.g. 500ms, 2s, 1m").doesNotContain("\n");
        r = CliRun.of(Main::execute, "coap", "get", "coap://127.0.0.1:" + closed + "/x", "--timeout", "300ms");
        assertThat(r.code()).as(r.err()).isEqualTo(Main.UNREACHABLE);
        assertThat(r.err()).contains("within 300ms");
        assertThat(TimeArgs.parse("--since", "2h")).isBetween(System.currentTimeMillis() - 7_200_500, System.currentTimeMillis() - 7_199_000);
    }

    @Test
    void modbusScanShowsProgressWhenPipedAndStopsAfterTheFirstAnswer() throws Exception {
        try (RtuServer bus = new RtuServer(Map.of(3, new RegisterBank(4), 7, new RegisterBank(4)))) {
            int port = bus.listenTcp("127.0.0.1", 0);
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(Main::execute, "modbus", "scan", "--host", "127.0.0.1", "--port", "" + port, "--rtu-tcp", "--to", "6", "--progress-every", "2");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("unit   3: answers").contains("1 of 6 unit ids answered");
            assertThat(r.err()).contains("scan: units 1..2 of 1..6 asked, 0 answered").contains("scan: units 1..4 of 1..6 asked, 1 answered");
            assertThat(ms).as("5 silent units at the short default timeout (300 ms), not 1 s each").isLessThan(4_000);

            r = CliRun.of(Main::execute, "modbus", "scan", "--host", "127.0.0.1", "--port", "" + port, "--rtu-tcp", "--timeout", "150ms", "--stop-after", "1");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("unit   3: answers").doesNotContain("unit   7")
                    .contains("1 of 3 unit ids answered (stopped after 1 answered, at unit 3; 244 not asked)");
        }
    }

    @Test
    void aShortByteCountIsAnInvalidReplyNotSilenceOrAClosedConnection() throws Exception {
        try (RtuServer bus = new RtuServer(Map.of(1, new RegisterBank(8)))) {
            int port = bus.listenTcp("127.0.0.1", 0);
            bus.setFault(1, Fault.of(Fault.Kind.WRONG_COUNT));
            CliRun r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + port, "--rtu-tcp", "-c", "2", "--timeout", "300ms");
            assertThat(r.code()).isEqualTo(Main.FAILURE);
            assertThat(r.err()).contains("unit 1 answered with an invalid reply: byte count 2 for 2 registers (expected 4)")
                    .doesNotContain("no answer").doesNotContain("connection closed");
        }
    }

    @Test
    void aByteCountLargerThanTheFrameIsATruncatedReplyNotAClosedConnection() throws Exception {
        // a Modbus TCP device whose reply announces 4 data bytes and carries 2 (its MBAP length matches what it sends)
        try (ServerSocket server = new ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (java.net.Socket c = server.accept()) {
                    byte[] req = c.getInputStream().readNBytes(12);
                    c.getOutputStream().write(new byte[] {req[0], req[1], 0, 0, 0, 5, req[6], 3, 4, 0x12, 0x34});
                    c.getInputStream().read(); // keep the connection open until the client closes it
                } catch (java.io.IOException ignored) {
                    // the test ended
                }
            });
            t.setDaemon(true);
            t.start();
            CliRun r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + server.getLocalPort(), "-c", "2", "--timeout", "500ms");
            assertThat(r.code()).as(r.err()).isEqualTo(Main.FAILURE);
            assertThat(r.err()).contains("unit 1 answered with an invalid reply: a byte count larger than the data in the frame (a truncated reply)")
                    .doesNotContain("connection closed");
        }
    }

    @Test
    void coapGetPrintsCborAsJson() throws Exception {
        try (EspCoapSensor esp = new EspCoapSensor(0)) {
            int port = esp.start();
            esp.set(45.5, 120.0, 2.0);
            CliRun r = CliRun.of(Main::execute, "coap", "get", "coap://127.0.0.1:" + port + "/esp/cbor", "--timeout", "5s");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out().strip()).isEqualTo("2.05 {\"kv\":45.5,\"ma\":120.0,\"spark_rate\":2.0}");
            r = CliRun.of(Main::execute, "coap", "get", "coap://127.0.0.1:" + port + "/esp/cbor", "--json");
            assertThat(r.out().strip()).isEqualTo("{\"code\":\"2.05\",\"payload\":{\"kv\":45.5,\"ma\":120.0,\"spark_rate\":2.0}}");
        }
    }
}
