package org.ecogate.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The extended scenario language: abnormal/normal, flap, set, timeScale, repeat, duration. */
class ScenarioConfigTest {

    private static final String DEVICES = """
            devices:
                - {id: fan1, type: fan}
                - {id: esp1, type: esp}
                - {id: stack1, type: analyser}
            """;

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("plant.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private Path scenario(String steps) throws Exception {
        return write(DEVICES + "scenario:\n" + steps);
    }

    @Test
    void parsesTheNewActionsAndTopLevelKeys() throws Exception {
        PlantConfig cfg = PlantConfig.load(write("""
                timeScale: 60
                repeat: true
                duration: 86400
                """ + DEVICES + """
                scenario:
                    - {at: 10, device: esp1, action: abnormal}
                    - {at: 20, device: esp1, action: normal}
                    - {at: 30, device: fan1, action: flap, period: 20, until: 90}
                    - {at: 40, device: stack1, action: set, value: 52.5, ramp: 300}
                    - {at: 50, device: stack1, action: abnormal, value: 70}
                    - {at: 60, device: stack1, action: normal, ramp: 60}
                    - {at: 70, device: fan1, action: stop}
                """));
        assertThat(cfg.timeScale()).isEqualTo(60);
        assertThat(cfg.repeat()).isTrue();
        assertThat(cfg.duration()).isEqualTo(86400);
        assertThat(cfg.loopSeconds()).isEqualTo(86400);
        double n = Double.NaN;
        assertThat(cfg.scenario()).containsExactly(
                new ScenarioStep(10, "esp1", "abnormal"),
                new ScenarioStep(20, "esp1", "normal"),
                new ScenarioStep(30, "fan1", "flap", n, 20, 90, n),
                new ScenarioStep(40, "stack1", "set", 52.5, n, n, 300),
                new ScenarioStep(50, "stack1", "abnormal", 70, n, n, n),
                new ScenarioStep(60, "stack1", "normal", n, n, n, 60),
                new ScenarioStep(70, "fan1", "stop"));
    }

    @Test
    void defaultsKeepTheOldBehaviour() throws Exception {
        PlantConfig cfg = PlantConfig.load(scenario("    - {at: 5, device: fan1, action: stop}\n"));
        assertThat(cfg.timeScale()).isEqualTo(1.0);
        assertThat(cfg.repeat()).isFalse();
        assertThat(cfg.duration()).isNaN();
        assertThat(cfg.loopSeconds()).isEqualTo(5);
    }

    @Test
    void badStepsNameFileAndField() throws Exception {
        assertError("    - {at: 1, device: fan1, action: flap, until: 9}\n",
                "scenario[0].period: missing; flap needs its period in seconds");
        assertError("    - {at: 1, device: fan1, action: flap, period: 0, until: 9}\n",
                "scenario[0].period: must be a number > 0, got 0");
        assertError("    - {at: 1, device: fan1, action: flap, period: 4}\n",
                "scenario[0].until: missing; flap needs the scenario time (seconds) at which it ends");
        assertError("    - {at: 10, device: fan1, action: flap, period: 4, until: 5}\n",
                "scenario[0].until: must be a scenario time in seconds after 'at' (10.0), got 5.0");
        assertError("    - {at: 1, device: fan1, action: flap, period: 'fast', until: 5}\n",
                "scenario[0].period: expected a number, got 'fast'");
        assertError("    - {at: 1, device: fan1, action: stop, period: 4}\n",
                "scenario[0].period: not used by 'stop' (only by flap)");
        assertError("    - {at: 1, device: stack1, action: set}\n",
                "scenario[0].value: missing; set needs the VOC level in mg/m3");
        assertError("    - {at: 1, device: stack1, action: set, value: -3}\n",
                "scenario[0].value: must be a number >= 0, got -3");
        assertError("    - {at: 1, device: esp1, action: set, value: 3}\n",
                "scenario[0].action: 'set' is for analyser devices only; esp1 is of type esp");
        assertError("    - {at: 1, device: stack1, action: abnormal}\n",
                "scenario[0].value: missing; an analyser's abnormal needs the VOC level in mg/m3");
        assertError("    - {at: 1, device: esp1, action: abnormal, value: 20}\n",
                "scenario[0].value: only an analyser takes a value; esp1 is of type esp");
        assertError("    - {at: 1, device: fan1, action: normal, ramp: 20}\n",
                "scenario[0].ramp: only an analyser takes a ramp; fan1 is of type fan");
        assertError("    - {at: 1, device: fan1, action: stop}\n    - {at: 2, device: fan1, action: abnormal, "
                + "until: 5}\n", "scenario[1].until: not used by 'abnormal' (only by flap)");
    }

    @Test
    void badTopLevelKeysNameFileAndField() throws Exception {
        Path scale = write("timeScale: 0\n" + DEVICES);
        assertThatThrownBy(() -> PlantConfig.load(scale))
                .isInstanceOf(PlantConfigException.class)
                .hasMessage(scale + ": timeScale: must be a number > 0, got 0");
        Path scaleText = write("timeScale: fast\n" + DEVICES);
        assertThatThrownBy(() -> PlantConfig.load(scaleText))
                .hasMessage(scaleText + ": timeScale: expected a number, got 'fast'");
        Path repeat = write("repeat: yes please\n" + DEVICES);
        assertThatThrownBy(() -> PlantConfig.load(repeat))
                .hasMessage(repeat + ": repeat: expected true or false, got 'yes please'");
        Path noLength = write("repeat: true\n" + DEVICES + "scenario: [{at: 0, device: fan1, action: stop}]\n");
        assertThatThrownBy(() -> PlantConfig.load(noLength))
                .hasMessage(noLength + ": repeat: needs a duration, or a scenario step after 0 s, to know the loop "
                        + "length");
        Path beyond = write("repeat: true\nduration: 60\n" + DEVICES
                + "scenario: [{at: 10, device: fan1, action: flap, period: 4, until: 70}]\n");
        assertThatThrownBy(() -> PlantConfig.load(beyond))
                .hasMessage(beyond + ": scenario[0].until: ends at 70.0 s, after duration 60.0 s "
                        + "(the scenario repeats)");
    }

    private void assertError(String steps, String expected) throws Exception {
        Path file = scenario(steps);
        assertThatThrownBy(() -> PlantConfig.load(file))
                .isInstanceOf(PlantConfigException.class)
                .hasMessage(file + ": " + expected);
    }

    @Test
    void flapTogglesEveryHalfPeriodAndRestoresTheRunState() throws Exception {
        PlantConfig cfg = PlantConfig.load(scenario("""
                    - {at: 100, device: fan1, action: flap, period: 20, until: 135}
                    - {at: 120, device: esp1, action: stop}
                """));
        List<ScenarioTimeline.Event> events = cfg.timeline().events();
        assertThat(events).extracting(ScenarioTimeline.Event::at)
                .containsExactly(100.0, 110.0, 120.0, 120.0, 130.0, 135.0);
        assertThat(events).extracting(ScenarioTimeline.Event::action).containsExactly(
                "flap_begin", "toggle", "toggle", "stop", "toggle", "flap_end");

        // Played on a device: 100 off, 110 on, 120 off, 130 on, 135 back to the state before the flap (on).
        DeviceCore fan = new DeviceCore(cfg.devices().get(0), 1);
        ScenarioTimeline.Cursor cursor = cfg.timeline().cursor();
        List<String> runs = new ArrayList<>();
        for (int t = 95; t <= 140; t += 5) {
            while (cursor.nextTime() <= t) {
                ScenarioTimeline.Event e = cursor.next();
                if (e.device().equals("fan1")) {
                    fan.apply(e.action(), e.value(), e.ramp());
                }
            }
            runs.add(t + "=" + (fan.running() ? 1 : 0));
        }
        assertThat(runs).containsExactly("95=1", "100=0", "105=0", "110=1", "115=1", "120=0", "125=0", "130=1",
                "135=1", "140=1");
    }

    @Test
    void flapOfAStoppedDeviceEndsStopped() {
        PlantConfig cfg = new PlantConfig("127.0.0.1", 1, List.of(new DeviceSpec("fan1", "fan", 0, 1)), List.of(
                new ScenarioStep(0, "fan1", "stop"),
                new ScenarioStep(10, "fan1", "flap", Double.NaN, 4, 20, Double.NaN)));
        DeviceCore fan = new DeviceCore(cfg.devices().get(0), 1);
        ScenarioTimeline.Cursor cursor = cfg.timeline().cursor();
        int toggles = 0;
        while (!Double.isInfinite(cursor.nextTime())) {
            ScenarioTimeline.Event e = cursor.next();
            if (fan.apply(e.action(), e.value(), e.ramp())) {
                toggles++;
            }
        }
        assertThat(toggles).isEqualTo(1 + 6); // the stop, then 10 on, 12 off, 14 on, 16 off, 18 on, 20 off
        assertThat(fan.running()).isFalse();
    }

    @Test
    void repeatLoopsTheTimeline() {
        PlantConfig cfg = new PlantConfig("127.0.0.1", 1, List.of(new DeviceSpec("fan1", "fan", 0, 1)), List.of(
                new ScenarioStep(5, "fan1", "stop"), new ScenarioStep(8, "fan1", "start")), 2.0, true, 10);
        ScenarioTimeline.Cursor cursor = cfg.timeline().cursor();
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            times.add(cursor.nextTime());
            cursor.next();
        }
        assertThat(times).containsExactly(5.0, 8.0, 15.0, 18.0, 25.0, 28.0);

        PlantConfig once = new PlantConfig("127.0.0.1", 1, cfg.devices(), cfg.scenario());
        ScenarioTimeline.Cursor c = once.timeline().cursor();
        c.next();
        c.next();
        assertThat(c.nextTime()).isInfinite();
    }

    @Test
    void bundledPlantDayLoads() throws Exception {
        URL day = ScenarioConfigTest.class.getResource("/scenarios/plant-day.yaml");
        assertThat(day).as("scenarios/plant-day.yaml on the classpath").isNotNull();
        PlantConfig cfg = PlantConfig.load(Path.of(day.toURI()));
        assertThat(cfg.devices()).extracting(DeviceSpec::id)
                .containsExactly("fan1", "cond1", "esp1", "line1", "stack1");
        assertThat(cfg.timeScale()).isEqualTo(60);
        assertThat(cfg.loopSeconds() / cfg.timeScale()).as("real seconds per day").isEqualTo(24 * 60);
        assertThat(cfg.scenario()).contains(
                new ScenarioStep(36900, "cond1", "stop"),
                new ScenarioStep(36930, "fan1", "stop"),
                new ScenarioStep(36955, "esp1", "abnormal"),
                new ScenarioStep(38520, "cond1", "start"));
    }
}
