package org.ecogate.sim.plant;

import java.time.Duration;
import org.ecogate.sync.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ghgande.j2mod.modbus.ModbusException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ecogate.sim.modbus.TestMaster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantTest {

    private static Plant plant;

    @BeforeAll
    static void startPlant(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("plant.yaml");
        Files.writeString(file, """
                host: 127.0.0.1
                seed: 42
                devices:
                    - {id: fan1, type: fan, port: 0}
                    - {id: fan2, type: fan, port: 0}
                    - {id: cond1, type: condenser, port: 0}
                    - {id: esp1, type: esp, port: 0}
                    - {id: line1, type: meter, port: 0}
                    - {id: stack1, type: analyser, port: 0, unit: 3}
                scenario:
                    - {at: 0.4, device: fan2, action: stop}
                """);
        plant = Plant.start(PlantConfig.load(file));
    }

    @AfterAll
    static void closePlant() {
        if (plant != null) {
            plant.close();
        }
    }

    @Test
    void runningFanReadsRealisticValues() throws Exception {
        try (TestMaster m = TestMaster.connect(plant.port("fan1"), 1000)) {
            assertThat(m.holding(4, 1)[0] & 1).as("run bit").isEqualTo(1);
            assertThat(m.master().readInputDiscretes(1, 0, 1).getBit(0)).isTrue();
            assertThat(m.master().readCoils(1, 0, 1).getBit(0)).isTrue();
            float hz = m.holdingFloat(0);
            assertThat(hz).isBetween(40f, 52f);
            assertThat(m.holdingFloat(2)).as("motor current A").isBetween(80f, 100f);
            assertThat(m.holding(5, 1)[0]).as("rpm").isBetween(1300, 1540);
        }
    }

    @Test
    void stoppedFanClearsItsRunBitAndRampsDown() throws Exception {
        SimDevice fan = plant.device("fan1");
        try (TestMaster m = TestMaster.connect(plant.port("fan1"), 1000)) {
            float running = m.holdingFloat(0);
            fan.stop();
            assertThat(fan.running()).isFalse();
            Await.until("(m.holding(4, 1)[0] & 1) == 0", Duration.ofMillis(1000), () -> (m.holding(4, 1)[0] & 1) == 0);
            assertThat(m.master().readInputDiscretes(1, 0, 1).getBit(0)).isFalse();
            Await.until("m.holdingFloat(0) < running - 1", Duration.ofMillis(3000), () -> m.holdingFloat(0) < running - 1);
            fan.start();
            Await.until("(m.holding(4, 1)[0] & 1) == 1", Duration.ofMillis(1000), () -> (m.holding(4, 1)[0] & 1) == 1);
        } finally {
            fan.start();
        }
    }

    @Test
    void scenarioStopsTheSecondFan() throws Exception {
        Await.until("!plant.device(\"fan2\").running()", Duration.ofMillis(3000), () -> !plant.device("fan2").running());
        try (TestMaster m = TestMaster.connect(plant.port("fan2"), 1000)) {
            assertThat(m.holding(4, 1)[0] & 1).isZero();
        }
    }

    @Test
    void meterEnergyNeverDecreases() throws Exception {
        try (TestMaster m = TestMaster.connect(plant.port("line1"), 1000)) {
            assertThat(m.holdingFloat(0)).as("kW").isBetween(300f, 500f);
            assertThat(m.holding(4, 1)[0] & 1).isEqualTo(1);
            long previous = m.holdingUint32(2);
            long first = previous;
            for (int i = 0; i < 8; i++) {
                Thread.sleep(150);
                long now = m.holdingUint32(2);
                assertThat(now).isGreaterThanOrEqualTo(previous);
                previous = now;
            }
            // ~400 kW for ~1.2 s is ~0.13 kWh, i.e. ~1 count of 0.1 kWh
            assertThat(previous - first).isBetween(0L, 5L);
        }
    }

    @Test
    void condenserEspAndAnalyserReadRealisticValues() throws Exception {
        try (TestMaster m = TestMaster.connect(plant.port("cond1"), 1000)) {
            assertThat(m.holdingFloat(0)).as("compressor A").isBetween(28f, 36f);
            assertThat(m.holdingFloat(2)).as("outlet °C").isBetween(5f, 15f);
            assertThat(m.holding(4, 1)[0] & 1).isEqualTo(1);
        }
        try (TestMaster m = TestMaster.connect(plant.port("esp1"), 1000)) {
            assertThat(m.holdingFloat(0)).as("kV").isBetween(50f, 70f);
            assertThat(m.holdingFloat(2)).as("mA").isBetween(350f, 650f);
            assertThat(m.holding(4, 1)[0]).as("sparks/min").isBetween(5, 30);
            assertThat(m.holding(5, 1)[0] & 1).isEqualTo(1);
        }
        try (TestMaster m = TestMaster.connect(plant.port("stack1"), 1000)) {
            assertThat(m.inputFloat(0)).as("VOC mg/m3").isBetween(0f, 150f);
            assertThat(m.inputFloat(2)).as("flow m3/h").isBetween(40_000f, 60_000f);
            assertThat(m.inputFloat(4)).as("O2 %").isBetween(8f, 14f);
            assertThat(m.master().readInputRegisters(1, 6, 1)[0].getValue()).as("status").isZero();
            assertThat(m.holdingFloat(4)).as("O2 mirrored in holding registers").isBetween(8f, 14f);
            assertThat(plant.device("stack1").unit()).isEqualTo(3);
        }
    }

    @Test
    void silencedDeviceTimesOutAndResumes() throws Exception {
        SimDevice esp = plant.device("esp1");
        try {
            esp.silence();
            try (TestMaster m = TestMaster.connect(plant.port("esp1"), 300)) {
                assertThatThrownBy(() -> m.holding(0, 2)).isInstanceOf(ModbusException.class);
            }
        } finally {
            esp.resume();
        }
        try (TestMaster m = TestMaster.connect(plant.port("esp1"), 1000)) {
            assertThat(m.holdingFloat(0)).isBetween(50f, 70f);
        }
    }

    @Test
    void unknownDeviceIsAnError() {
        assertThatThrownBy(() -> plant.port("fan9"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown device 'fan9'")
                .hasMessageContaining("fan1");
        assertThat(plant.devices()).extracting(SimDevice::type)
                .containsExactly("fan", "fan", "condenser", "esp", "meter", "analyser");
    }

    /** Polls {@code condition} every 50 ms until it holds, failing after {@code timeoutMs}. */
}
