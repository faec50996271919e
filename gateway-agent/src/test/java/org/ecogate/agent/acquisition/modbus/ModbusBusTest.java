package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.runtime.Sources;
import org.ecogate.sim.modbus.RegisterBank;
import org.ecogate.sim.modbus.RegisterBank.Table;
import org.ecogate.sim.rtu.RtuServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Three unit ids on one RTU-over-TCP bus: one poller, in turn; a silent unit costs the others one timeout per cycle at most. */
class ModbusBusTest {
    private final Map<Integer, RegisterBank> banks = Map.of(1, new RegisterBank(16), 2, new RegisterBank(16), 3, new RegisterBank(16));
    private RtuServer bus;
    private int port;

    @BeforeEach
    void start() throws Exception {
        banks.forEach((u, b) -> b.setFloat32(Table.HOLDING, 0, u * 1.5f));
        bus = new RtuServer(banks);
        port = bus.listenTcp("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    static List<DeviceConfig> devices(String transport, String where, String extra) throws Exception {
        StringBuilder y = new StringBuilder("gateway: gw\nuplink: {broker: \"tcp://127.0.0.1:1\"}\ndevices:\n");
        for (int u = 1; u <= 3; u++) {
            y.append("  - {id: u").append(u).append(", transport: ").append(transport).append(", ").append(where)
                    .append(", unit: ").append(u).append(", timeout: 200ms, retries: 1, offlineAfter: 3, probe: 30s").append(extra)
                    .append(", points: [{name: f, address: 0, type: float32}, {name: w, address: 2}]}\n");
        }
        return ConfigLoader.parse("t.yaml", y.toString(), Path.of("/tmp")).devices();
    }

    @Test
    void oneSilentUnitCostsTheOthersAtMostOneTimeoutPerCycleAndNothingWhenDegraded() throws Exception {
        List<Sources.Polled> polled = Sources.createAll(devices("modbus-rtu-tcp", "host: 127.0.0.1, port: " + port, ""));
        assertThat(polled).as("one poller for the bus").hasSize(1);
        try (Source src = polled.get(0).source()) {
            long now = 0;
            assertThat(src.poll(now)).hasSize(6).allMatch(r -> r.quality() == Quality.GOOD);
            bus.setSilent(2, true);
            long[] ms = new long[8];
            for (int i = 0; i < ms.length; i++) {
                long t0 = System.nanoTime();
                List<Reading> rs = src.poll(now += 5000);
                ms[i] = (System.nanoTime() - t0) / 1_000_000;
                assertThat(rs.stream().filter(r -> !r.point().startsWith("u2.")))
                        .as("cycle %d", i).hasSize(4).allMatch(r -> r.quality() == Quality.GOOD);
                assertThat(rs.stream().filter(r -> r.point().startsWith("u2."))).allMatch(r -> r.quality() == Quality.COMM_FAULT);
            }
            // first cycle: 2 tries (retries: 1) of 200 ms; then one try per cycle; after 3 failed cycles: degraded, 0
            assertThat(ms[0]).as("cycle times %s", java.util.Arrays.toString(ms)).isLessThan(650);
            assertThat(ms[1]).as("cycle times %s", java.util.Arrays.toString(ms)).isLessThan(400);
            assertThat(ms[2]).as("cycle times %s", java.util.Arrays.toString(ms)).isLessThan(400);
            for (int i = 3; i < ms.length; i++) assertThat(ms[i]).as("degraded, cycle times %s", java.util.Arrays.toString(ms)).isLessThan(150);
            assertThat(src.deviceStates()).containsEntry("u1", "online").containsEntry("u2", "offline").containsEntry("u3", "online");
            bus.setSilent(2, false);
            assertThat(src.poll(now += 40_000)).hasSize(6).allMatch(r -> r.quality() == Quality.GOOD);
            assertThat(src.deviceStates()).containsEntry("u2", "online");
        }
    }
}
