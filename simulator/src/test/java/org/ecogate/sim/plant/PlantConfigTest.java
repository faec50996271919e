package org.ecogate.sim.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantConfigTest {

    @TempDir
    Path dir;

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("plant.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void demoPlantLoads() throws Exception {
        URL demo = PlantConfigTest.class.getResource("/demo/plant.yaml");
        assertThat(demo).as("demo/plant.yaml on the classpath").isNotNull();
        PlantConfig cfg = PlantConfig.load(Path.of(demo.toURI()));
        assertThat(cfg.host()).isEqualTo("127.0.0.1");
        assertThat(cfg.seed()).isEqualTo(PlantConfig.DEFAULT_SEED);
        assertThat(cfg.devices()).extracting(DeviceSpec::id).containsExactly("fan1", "cond1", "esp1", "line1");
        assertThat(cfg.devices()).extracting(DeviceSpec::type).containsExactly("fan", "condenser", "esp", "meter");
        assertThat(cfg.devices()).allSatisfy(d -> {
            assertThat(d.port()).isZero();
            assertThat(d.unit()).isEqualTo(1);
        });
        assertThat(cfg.scenario()).containsExactly(
                new ScenarioStep(6, "fan1", "stop"), new ScenarioStep(14, "fan1", "start"),
                new ScenarioStep(9, "esp1", "silence"), new ScenarioStep(13, "esp1", "resume"));
    }

    @Test
    void readsEveryField() throws Exception {
        PlantConfig cfg = PlantConfig.load(write("""
                host: 127.0.0.2
                seed: 42
                devices:
                    - {id: stack1, type: analyser, port: 15020, unit: 7}
                scenario:
                    - {at: 1.5, device: stack1, action: silence}
                """));
        assertThat(cfg.host()).isEqualTo("127.0.0.2");
        assertThat(cfg.seed()).isEqualTo(42);
        assertThat(cfg.devices()).containsExactly(new DeviceSpec("stack1", "analyser", 15020, 7));
        assertThat(cfg.scenario()).containsExactly(new ScenarioStep(1.5, "stack1", "silence"));
    }

    @Test
    void unknownTypeNamesFileFieldAndKnownTypes() throws Exception {
        Path file = write("""
                devices:
                    - {id: fan1, type: fan}
                    - {id: fan2, type: fan}
                    - {id: fan3, type: fann}
                """);
        assertThatThrownBy(() -> PlantConfig.load(file))
                .isInstanceOf(PlantConfigException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(file + ": devices[2].type: unknown device type 'fann' "
                        + "(known: fan, condenser, esp, meter, analyser)");
    }

    @Test
    void unknownKeysAreRejectedAtEveryLevel() throws Exception {
        Path top = write("devices: [{id: a, type: fan}]\nhots: 127.0.0.1\n");
        assertThatThrownBy(() -> PlantConfig.load(top))
                .hasMessage(top + ": hots: unknown key 'hots' "
                        + "(known: buses, coap, devices, duration, host, repeat, scenario, seed, timeScale)");
        Path device = write("devices: [{id: a, type: fan, prot: 502}]\n");
        assertThatThrownBy(() -> PlantConfig.load(device))
                .hasMessage(device + ": devices[0].prot: unknown key 'prot' (known: bus, id, port, type, unit)");
        Path step = write("devices: [{id: a, type: fan}]\nscenario: [{at: 1, device: a, action: stop, when: 2}]\n");
        assertThatThrownBy(() -> PlantConfig.load(step))
                .hasMessage(step + ": scenario[0].when: unknown key 'when' "
                        + "(known: action, at, device, period, ramp, until, value)");
    }

    @Test
    void scenarioMustNameAKnownDeviceAndAction() throws Exception {
        Path device = write("devices: [{id: fan1, type: fan}]\nscenario: [{at: 1, device: fan9, action: stop}]\n");
        assertThatThrownBy(() -> PlantConfig.load(device))
                .hasMessage(device + ": scenario[0].device: unknown device 'fan9' (devices: fan1)");
        Path action = write("devices: [{id: fan1, type: fan}]\nscenario: [{at: 1, device: fan1, action: explode}]\n");
        assertThatThrownBy(() -> PlantConfig.load(action))
                .hasMessage(action + ": scenario[0].action: unknown action 'explode' "
                        + "(known: stop, start, silence, resume, abnormal, normal, flap, set)");
        Path at = write("devices: [{id: fan1, type: fan}]\nscenario: [{at: soon, device: fan1, action: stop}]\n");
        assertThatThrownBy(() -> PlantConfig.load(at))
                .hasMessage(at + ": scenario[0].at: must be a number of seconds >= 0, got 'soon'");
    }

    @Test
    void valuesAreCheckedWithTheirField() throws Exception {
        Path dup = write("devices: [{id: a, type: fan}, {id: a, type: esp}]\n");
        assertThatThrownBy(() -> PlantConfig.load(dup)).hasMessage(dup + ": devices[1].id: duplicate device id 'a'");
        Path port = write("devices: [{id: a, type: fan, port: 70000}]\n");
        assertThatThrownBy(() -> PlantConfig.load(port))
                .hasMessage(port + ": devices[0].port: must be 0..65535, got 70000");
        Path portText = write("devices: [{id: a, type: fan, port: '502'}]\n");
        assertThatThrownBy(() -> PlantConfig.load(portText))
                .hasMessage(portText + ": devices[0].port: expected an integer, got '502'");
        Path missing = write("devices: [{type: fan}]\n");
        assertThatThrownBy(() -> PlantConfig.load(missing)).hasMessage(missing + ": devices[0].id: missing");
        Path noDevices = write("host: 127.0.0.1\n");
        assertThatThrownBy(() -> PlantConfig.load(noDevices))
                .hasMessage(noDevices + ": devices: missing; a plant needs at least one device");
        Path samePort = write("devices: [{id: a, type: fan, port: 1502}, {id: b, type: esp, port: 1502}]\n");
        assertThatThrownBy(() -> PlantConfig.load(samePort))
                .hasMessage(samePort + ": devices[1].port: port 1502 is already used by another device");
    }

    @Test
    void syntaxErrorsEmptyAndMissingFiles() throws Exception {
        Path bad = write("devices: [{id: a, type: fan\n");
        assertThatThrownBy(() -> PlantConfig.load(bad))
                .isInstanceOf(PlantConfigException.class)
                .hasMessageStartingWith(bad + ": line ")
                .hasMessageContaining("invalid YAML");
        Path dupKey = write("devices: [{id: a, type: fan}]\nhost: a\nhost: b\n");
        assertThatThrownBy(() -> PlantConfig.load(dupKey))
                .hasMessageContaining("invalid YAML")
                .hasMessageContaining("host");
        Path empty = write("");
        assertThatThrownBy(() -> PlantConfig.load(empty)).hasMessageStartingWith(empty + ": file is empty");
        Path none = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> PlantConfig.load(none))
                .isInstanceOf(PlantConfigException.class)
                .hasMessageStartingWith(none + ": cannot read plant config");
    }

    @Test
    void busesAreCheckedAndNamedInErrors() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlantConfig.parse("""
                devices:
                  - {id: fan1, type: fan, bus: nope}
                """, "bus.yaml")).hasMessage("bus.yaml: devices[0].bus: unknown bus 'nope'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlantConfig.parse("""
                buses:
                  - {name: b1, transport: rtu-tcp}
                devices:
                  - {id: fan1, type: fan, bus: b1, unit: 1}
                  - {id: fan2, type: fan, bus: b1, unit: 1}
                """, "bus.yaml")).hasMessage("bus.yaml: devices[1].unit: unit 1 is already used on bus 'b1'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlantConfig.parse("""
                buses:
                  - {name: b1, transport: rtu}
                devices: []
                """, "bus.yaml")).hasMessage("bus.yaml: buses[0].tty: missing: the serial device or pty to serve");
        PlantConfig ok = PlantConfig.parse("""
                buses:
                  - {name: b1, transport: rtu-tcp}
                devices:
                  - {id: fan1, type: fan, bus: b1, unit: 1}
                  - {id: esp1, type: esp, bus: b1, unit: 2}
                """, "bus.yaml");
        org.assertj.core.api.Assertions.assertThat(ok.buses()).hasSize(1);
        org.assertj.core.api.Assertions.assertThat(ok.devices()).allMatch(DeviceSpec::onBus);
    }
}
