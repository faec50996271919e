package org.ecogate.sim.plant;

import java.time.Duration;
import org.ecogate.sync.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.junit.jupiter.api.Test;

/** The live plant plays the extended scenario: timeScale, abnormal/normal, flap, set. */
class PlantScenarioTest {

    private static final double N = Double.NaN;

    @Test
    void timeScaleDividesScenarioTimes() throws Exception {
        // Scenario second 40 at timeScale 40 is real second 1; second 400 would be real second 10.
        PlantConfig cfg = new PlantConfig("127.0.0.1", 7, List.of(new DeviceSpec("fan1", "fan", 0, 1)),
                List.of(new ScenarioStep(40, "fan1", "stop"), new ScenarioStep(400, "fan1", "start")), 40, false,
                Double.NaN);
        try (Plant plant = Plant.start(cfg)) {
            Thread.sleep(600);
            assertThat(plant.device("fan1").running()).as("before scenario second 40 (real 1 s)").isTrue();
            Await.until("!plant.device(\"fan1\").running()", Duration.ofMillis(3000), () -> !plant.device("fan1").running());
            assertThat(plant.elapsedSeconds()).isBetween(0.9, 2.5);
            assertThat(plant.scenarioSeconds()).isGreaterThanOrEqualTo(40);
        }
    }

    @Test
    void abnormalAndFlapPlayLive() throws Exception {
        PlantConfig cfg = new PlantConfig("127.0.0.1", 7, List.of(
                new DeviceSpec("fan1", "fan", 0, 1),
                new DeviceSpec("esp1", "esp", 0, 1)), List.of(
                new ScenarioStep(0, "esp1", "abnormal"),
                // at timeScale 10: toggles every 0.3 s real from 0.5 s to 2.5 s
                new ScenarioStep(5, "fan1", "flap", N, 6, 25, N)), 10, false, Double.NaN);
        try (Plant plant = Plant.start(cfg)) {
            SimDevice esp = plant.device("esp1");
            SimDevice fan = plant.device("fan1");
            Await.until("esp.bank().getFloat32(Table.HOLDING, 0) < 30", Duration.ofMillis(3000), () -> esp.bank().getFloat32(Table.HOLDING, 0) < 30); // kV sets back (tau 0.5 s)
            assertThat(esp.running()).isTrue();
            assertThat(esp.isAbnormal()).isTrue();
            // the flap: the run state is seen both ways within its 2 s
            boolean sawStopped = false;
            boolean sawRunning = false;
            long end = System.nanoTime() + 2_500_000_000L;
            while (System.nanoTime() < end && !(sawStopped && sawRunning)) {
                if (plant.elapsedSeconds() > 0.6 && plant.elapsedSeconds() < 2.4) {
                    sawStopped |= !fan.running();
                    sawRunning |= fan.running();
                }
                Thread.sleep(20);
            }
            assertThat(sawStopped).as("fan stopped during the flap").isTrue();
            assertThat(sawRunning).as("fan running during the flap").isTrue();
            Await.until("plant.elapsedSeconds() > 2.6", Duration.ofMillis(4000), () -> plant.elapsedSeconds() > 2.6);
            assertThat(fan.running()).as("runs again after the flap").isTrue();
            esp.normal();
            Await.until("esp.bank().getFloat32(Table.HOLDING, 0) > 50", Duration.ofMillis(3000), () -> esp.bank().getFloat32(Table.HOLDING, 0) > 50);
        }
    }

    /** Steps {@code core} on a simulated clock from {@code t0} for {@code seconds} in 1 s ticks. */
    private static void run(DeviceCore core, double t0, int seconds) {
        for (int i = 1; i <= seconds; i++) {
            core.step(t0 + i, 1);
        }
    }

    @Test
    void abnormalValuesOfEveryTypeOnASimulatedClock() {
        DeviceCore fan = new DeviceCore(new DeviceSpec("fan1", "fan", 0, 1), 3);
        DeviceCore cond = new DeviceCore(new DeviceSpec("cond1", "condenser", 0, 1), 3);
        DeviceCore esp = new DeviceCore(new DeviceSpec("esp1", "esp", 0, 1), 3);
        DeviceCore line = new DeviceCore(new DeviceSpec("line1", "meter", 0, 1), 3);
        DeviceCore stack = new DeviceCore(new DeviceSpec("stack1", "analyser", 0, 1), 3);
        for (DeviceCore c : List.of(fan, cond, esp, line)) {
            assertThat(c.apply("abnormal", N, N)).isTrue();
            run(c, 0, 120);
            assertThat(c.running()).isTrue();
        }
        assertThat(fan.read().get("current")).isBetween(130.0, 150.0);
        assertThat(cond.read().get("outlet_temp")).isGreaterThan(25);
        assertThat(esp.read().get("kv")).isLessThan(30);
        assertThat(esp.read().get("spark_rate")).isGreaterThan(120);
        assertThat(line.read().get("kw")).isGreaterThan(550);
        for (DeviceCore c : List.of(fan, cond, esp, line)) {
            c.apply("normal", N, N);
            run(c, 120, 200);
        }
        assertThat(fan.read().get("current")).isBetween(80.0, 95.0);
        assertThat(cond.read().get("outlet_temp")).isLessThan(13);
        assertThat(esp.read().get("kv")).isGreaterThan(50);
        assertThat(esp.read().get("spark_rate")).isLessThanOrEqualTo(30);
        assertThat(line.read().get("kw")).isLessThan(500);

        // analyser: abnormal to a value, back to normal, and set ramping over 'ramp' seconds
        stack.apply("abnormal", 90, N);
        run(stack, 0, 60);
        assertThat(stack.read().get("voc")).isBetween(85.0, 95.0);
        stack.apply("normal", N, N);
        stack.apply("set", 10, N);
        run(stack, 60, 60);
        assertThat(stack.read().get("voc")).isLessThan(25);
        stack.apply("set", 70, 600);
        run(stack, 120, 300); // half way: ~40 (+- drift, excursions)
        assertThat(stack.read().get("voc")).isBetween(25.0, 60.0);
        run(stack, 420, 400);
        assertThat(stack.read().get("voc")).isGreaterThan(50);
        assertThat(stack.read().get("status")).isZero();
    }

}
