package org.ecogate.agent.acquisition;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.config.Transport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The devices part of the config: templates, types, transports, with file:line errors. */
class DeviceConfigTest {
    static AgentConfig parse(String devices) throws ConfigException {
        return ConfigLoader.parse("t.yaml", "gateway: gw\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n" + devices, Path.of("/tmp"));
    }

    static Map<String, PointConfig> points(DeviceConfig d) {
        return d.points().stream().collect(Collectors.toMap(PointConfig::name, p -> p));
    }

    @Test
    void aTemplateGivesItsPointsAndTheDeviceOverridesByName() throws Exception {
        DeviceConfig d = parse("""
                  - id: fan2
                    host: 10.0.0.7
                    template: fan
                    points:
                      - {name: current, scale: 0.1, address: "40011"}
                      - {name: torque, address: 20, type: int16, unit: "%"}
                """).devices().get(0);
        Map<String, PointConfig> p = points(d);
        assertThat(p.keySet()).containsExactlyInAnyOrder("freq", "current", "run", "speed", "torque");
        assertThat(p.get("current").address()).isEqualTo("10");
        assertThat(p.get("current").scale()).isEqualTo(0.1);
        assertThat(p.get("current").type()).isEqualTo("float32");
        assertThat(p.get("current").unit()).isEqualTo("A");
        assertThat(p.get("freq").address()).isEqualTo("0");
    }

    @Test
    void everyShippedTemplateLoads() throws Exception {
        for (String t : new String[] {"fan", "condenser", "esp", "meter", "analyser"}) {
            DeviceConfig d = parse("  - {id: x, host: h, template: " + t + "}\n").devices().get(0);
            assertThat(d.points()).as(t).isNotEmpty();
        }
        assertThat(points(parse("  - {id: x, host: h, template: analyser}\n").devices().get(0)).get("voc").table()).isEqualTo("input");
    }

    @Test
    void errorsNameFileLineAndField() {
        assertThatThrownBy(() -> parse("  - {id: x, host: h, template: pump}\n"))
                .hasMessageContaining("t.yaml:4: devices[0].template: unknown template 'pump' (known: fan, condenser, esp, meter, analyser)");
        assertThatThrownBy(() -> parse("""
                  - id: x
                    host: h
                    points:
                      - {name: s, address: 0, type: string}
                """)).hasMessageContaining("t.yaml:7: devices[0].points[0].length: missing");
        assertThatThrownBy(() -> parse("""
                  - id: x
                    transport: modbus-rtu
                    points: [{name: a, address: 0}]
                """)).hasMessageContaining("devices[0].serial: missing");
        assertThatThrownBy(() -> parse("""
                  - id: x
                    transport: coap
                    uri: coaps://10.0.0.9/esp
                    points: [{name: kv, pointer: /kv}]
                """)).hasMessageContaining("pskIdentity");
    }

    @Test
    void typesOrdersAndTransportsNormalize() throws Exception {
        AgentConfig c = parse("""
                  - id: a
                    transport: modbus-rtu
                    serial: /dev/ttyUSB0
                    baud: 19200
                    parity: even
                    unit: 3
                    order: CDAB
                    points:
                      - {name: e, address: 0, type: int64}
                      - {name: d, address: 4, type: float64, order: DCBA}
                      - {name: c, address: "00001"}
                  - id: b
                    transport: modbus-rtu
                    serial: /dev/ttyUSB0
                    baud: 19200
                    parity: even
                    unit: 4
                    points: [{name: x, address: 0}]
                  - id: s
                    transport: coap
                    uri: coap://10.0.0.9/esp
                    observe: true
                    points: [{name: kv, pointer: /kv}]
                """);
        DeviceConfig a = c.devices().get(0);
        assertThat(points(a).get("e").order()).isEqualTo("CDAB");
        assertThat(points(a).get("d").order()).isEqualTo("DCBA");
        assertThat(points(a).get("c").table()).isEqualTo("coil");
        assertThat(points(a).get("c").type()).isEqualTo("bool");
        assertThat(a.connectionKey()).isEqualTo(c.devices().get(1).connectionKey());
        assertThat(((Transport.Coap) c.devices().get(2).transport()).observe()).isTrue();
        assertThat(((Transport.Coap) c.devices().get(2).transport()).payload()).isEqualTo("json");
    }
}
