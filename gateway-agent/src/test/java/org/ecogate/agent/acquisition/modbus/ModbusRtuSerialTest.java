package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.runtime.Sources;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.ecogate.sim.rtu.RtuServer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Modbus RTU on a serial port: a socat pty pair, the simulator's RTU slaves on one end, jSerialComm on the other. */
class ModbusRtuSerialTest {
    @TempDir
    Path dir;

    @Test
    void threeUnitsOnOneSerialLine() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat not installed");
        Path a = dir.resolve("sim"), b = dir.resolve("agent");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        Map<Integer, RegisterBank> banks = Map.of(1, new RegisterBank(16), 2, new RegisterBank(16), 3, new RegisterBank(16));
        banks.forEach((u, bank) -> bank.setFloat32(Table.HOLDING, 0, u * 1.5f));
        try (RtuServer bus = new RtuServer(banks)) {
            for (int i = 0; i < 100 && !(Files.exists(a) && Files.exists(b)); i++) Thread.sleep(20);
            bus.serveTty(a);
            List<Sources.Polled> polled = Sources.createAll(ModbusBusTest.devices("modbus-rtu",
                    "serial: " + b + ", baud: 115200, pause: 5ms", ""));
            assertThat(polled).hasSize(1);
            try (Source src = polled.get(0).source()) {
                List<Reading> rs = src.poll(0);
                assertThat(rs).hasSize(6).allMatch(r -> r.quality() == Quality.GOOD);
                assertThat(rs.stream().filter(r -> r.point().equals("u3.f")).findFirst().orElseThrow().value()).isEqualTo(4.5);
                bus.setSilent(3, true);
                assertThat(src.poll(5000).stream().filter(r -> r.point().startsWith("u3."))).allMatch(r -> r.quality() == Quality.COMM_FAULT);
                assertThat(src.poll(10_000).stream().filter(r -> r.point().startsWith("u1."))).allMatch(r -> r.quality() == Quality.GOOD);
            }
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void thePlantsSimulatedDevicesOnASerialBus() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/socat")), "socat not installed");
        Path a = dir.resolve("plant"), b = dir.resolve("agent");
        Process socat = new ProcessBuilder("/usr/bin/socat", "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !(Files.exists(a) && Files.exists(b)); i++) Thread.sleep(20);
            org.ecogate.sim.plant.PlantConfig cfg = org.ecogate.sim.plant.PlantConfig.parse("""
                    buses:
                      - {name: rs485, transport: rtu, tty: %s}
                    devices:
                      - {id: fan1, type: fan, bus: rs485, unit: 1}
                      - {id: line1, type: meter, bus: rs485, unit: 2}
                    """.formatted(a), "serial-plant.yaml");
            try (org.ecogate.sim.plant.Plant plant = org.ecogate.sim.plant.Plant.start(cfg)) {
                String yaml = "gateway: gw\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n"
                        + "  - {id: fan1, template: fan, transport: modbus-rtu, serial: " + b + ", baud: 115200, unit: 1, timeout: 300ms}\n"
                        + "  - {id: line1, template: meter, transport: modbus-rtu, serial: " + b + ", baud: 115200, unit: 2, timeout: 300ms}\n";
                List<Sources.Polled> polled = Sources.createAll(
                        org.ecogate.agent.config.ConfigLoader.parse("t.yaml", yaml, Path.of("/tmp")).devices());
                assertThat(polled).as("one poller for the serial line").hasSize(1);
                try (Source src = polled.get(0).source()) {
                    List<Reading> rs = src.poll(0);
                    assertThat(rs).isNotEmpty().allMatch(r -> r.quality() == Quality.GOOD);
                    // the template's points, decoded from the plant's live models
                    assertThat(rs.stream().filter(r -> r.point().equals("fan1.freq")).findFirst().orElseThrow().value())
                            .isBetween(40.0, 52.0);
                    assertThat(rs.stream().filter(r -> r.point().equals("line1.run")).findFirst().orElseThrow().value()).isEqualTo(1.0);
                    plant.device("fan1").silence();
                    List<Reading> silent = src.poll(5000);
                    assertThat(silent.stream().filter(r -> r.point().startsWith("fan1."))).allMatch(r -> r.quality() == Quality.COMM_FAULT);
                    assertThat(silent.stream().filter(r -> r.point().startsWith("line1."))).allMatch(r -> r.quality() == Quality.GOOD);
                }
            }
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
