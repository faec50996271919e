package org.ecogate.agent.acquisition;

import org.ecogate.sync.testkit.CliRun;
import org.ecogate.agent.cli.Main;
import org.ecogate.sim.modbus.ModbusTcpServer;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.ecogate.sim.rtu.RtuServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The technician commands run as command lines; output and exit codes. */
class AcquisitionCliTest {
    @TempDir
    Path dir;

    @Test
    void pointsImportTurnsAVendorCsvIntoYamlAndNamesTheBadLine() throws Exception {
        Path csv = dir.resolve("map.csv");
        Files.writeString(csv, """
                name,address,type,order,scale,unit
                freq,40001,float32,CDAB,,Hz
                energy,40003,uint32,,0.1,"kWh, total"
                serial_no,40010,string,,,
                """);
        CliRun r = CliRun.of(Main::execute, "points", "import", csv.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(4 - 4 + 2); // string without length: invalid
        assertThat(r.err()).contains(csv + ":4: length: missing");
        Files.writeString(csv, Files.readString(csv).replace("name,address,type,order,scale,unit", "name,address,type,order,scale,unit,length")
                .replace("serial_no,40010,string,,,", "serial_no,40010,string,,,,8"));
        r = CliRun.of(Main::execute, "points", "import", csv.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("- {name: \"freq\", address: \"40001\", type: \"float32\", order: \"CDAB\", unit: \"Hz\"}")
                .contains("scale: 0.1, unit: \"kWh, total\"").contains("length: 8");
    }

    @Test
    void planPrintsEachDevicesRequests() throws Exception {
        // the example config signs with hmac.key beside it (./install makes it): a copy with a fresh key
        Path dir = Files.createTempDirectory("plan");
        Path cfg = Files.copy(Path.of(System.getProperty("user.dir")).resolve("config/ecogate.yaml"), dir.resolve("ecogate.yaml"));
        org.ecogate.agent.runtime.GatewayKey.writeNew(dir.resolve("hmac.key"));
        CliRun r = CliRun.of(Main::execute, "plan", "--config", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("fan1 (127.0.0.1:15020 unit 1").contains("fc3 holding      0..5").contains("total: 4 requests per cycle");
    }

    @Test
    void modbusReadDecodesAndScanFindsUnits() throws Exception {
        RegisterBank bank = new RegisterBank(16);
        bank.setFloat32(Table.HOLDING, 2, 49.5f);
        try (ModbusTcpServer s = new ModbusTcpServer("127.0.0.1", 0, bank)) {
            s.start();
            CliRun r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + s.port(), "-a", "2", "--type", "float32");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("2        4246 0000            49.5");
            r = CliRun.of(Main::execute, "modbus", "read", "--host", "127.0.0.1", "--port", "" + s.port(), "-a", "2", "-c", "2", "--json");
            assertThat(r.out().trim()).isEqualTo("[{\"address\":2,\"registers\":\"4246\",\"value\":16966},{\"address\":3,\"registers\":\"0000\",\"value\":0}]");
        }
        try (RtuServer bus = new RtuServer(Map.of(3, new RegisterBank(4), 7, new RegisterBank(4)))) {
            int port = bus.listenTcp("127.0.0.1", 0);
            CliRun r = CliRun.of(Main::execute, "modbus", "scan", "--host", "127.0.0.1", "--port", "" + port, "--rtu-tcp", "--to", "8",
                    "--timeout", "100", "--json");
            assertThat(r.out().trim()).isEqualTo("[{\"unit\":3,\"answer\":\"answers\"},{\"unit\":7,\"answer\":\"answers\"}]");
        }
    }
}
