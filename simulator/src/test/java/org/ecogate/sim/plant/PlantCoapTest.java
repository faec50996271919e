package org.ecogate.sim.plant;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 16: a plant config declares a CoAP sensor for an esp device ({@code coap:}); libcoap's client (a third-party
 * peer) reads the device's values from it, the same as its Modbus registers say.
 */
class PlantCoapTest {
    @Test
    void anEspDeviceAnswersOverCoapWithItsRegisterValues() throws Exception {
        PlantConfig cfg = PlantConfig.parse("""
                devices:
                  - {id: esp1, type: esp, port: 0}
                coap:
                  - {device: esp1, port: 0}
                """, "plant.yaml");
        try (Plant plant = Plant.start(cfg)) {
            Thread.sleep(1500); // a mirror tick has run
            Process p = new ProcessBuilder("coap-client-openssl", "-m", "get", "-B", "5",
                    "coap://127.0.0.1:" + plant.coapPort("esp1") + "/esp").redirectErrorStream(true).start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes());
            // the device runs at 60 kV; the sensor on its own would say 45
            assertThat(out).containsPattern("\"kv\":\\s*(5[5-9]|6[0-5])\\.\\d+").contains("\"ma\"", "\"spark_rate\"");
        }
    }

    @Test
    void onlyEspDevicesHaveOne() {
        assertThatThrownBy(() -> PlantConfig.parse("""
                devices:
                  - {id: fan1, type: fan, port: 0}
                coap:
                  - {device: fan1}
                """, "plant.yaml")).hasMessageContaining("coap[0].device: 'fan1' is a fan; only esp devices have a CoAP sensor");
    }
}
