package org.ecogate.agent.it;

import org.ecogate.agent.model.Quality;
import org.ecogate.sim.demo.DemoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three simulated devices answering as units 1, 2 and 3 on one RTU-over-TCP bus (a serial-to-Ethernet server), read
 * by the real agent on one connection; one unit goes silent: the others keep their period, the silent one's readings
 * are comm_fault without values, and everything committed reaches the platform once.
 */
class AcqSharedBusIT {
    @TempDir
    Path dir;

    private static final String PLANT = """
            host: 127.0.0.1
            buses:
              - {name: b1, transport: rtu-tcp, port: 0}
            devices:
              - {id: fan1, type: fan, bus: b1, unit: 1}
              - {id: cond1, type: condenser, bus: b1, unit: 2}
              - {id: line1, type: meter, bus: b1, unit: 3}
            """;

    @Test
    void aSilentUnitOnASharedBusCostsTheOthersAtMostOneTimeoutPerCycle() throws Exception {
        try (Rig rig = new Rig(dir, PLANT)) {
            int port = rig.plant.port("fan1");
            assertThat(rig.plant.port("cond1")).as("one bus, one port").isEqualTo(port);
            String dev = """
                      - id: %s
                        transport: modbus-rtu-tcp
                        host: 127.0.0.1
                        port: %d
                        unit: %d
                        interval: 500ms
                        timeout: 200ms
                        retries: 0
                        probe: 1s
                        points:
                          - {name: a, address: 0, type: float32}
                          - {name: run, address: 4, type: bit, bit: 0}
                    """;
            String yaml = "gateway: " + Rig.GATEWAY + "\nbuffer:\n  path: agent.db\n  keepAcked: 1d\nuplink:\n  broker: "
                    + rig.broker.url() + "\n  key: " + Rig.KEY + "\n  ackTimeout: 1s\n  drainOnStop: 15s\ndevices:\n"
                    + dev.formatted("fan1", port, 1) + dev.formatted("cond1", port, 2) + dev.formatted("line1", port, 3);
            Path cfg = dir.resolve("bus.yaml");
            Files.writeString(cfg, yaml);
            Process agent = rig.startAgentAndWait(cfg, "agent.log");
            Thread.sleep(2000);
            rig.plant.device("cond1").silence();
            long silencedAt = System.currentTimeMillis();
            Thread.sleep(5000);
            long resumedAt = System.currentTimeMillis();
            rig.plant.device("cond1").resume();
            Thread.sleep(3000); // a degraded unit is probed every `probe` (1 s here)
            Rig.stop(agent);
            rig.awaitQuiet();

            Path db = rig.agentDb();
            String q = "SELECT count(*) FROM reading r JOIN point p ON p.id=r.point_id WHERE p.name='%s' AND r.ts BETWEEN "
                    + (silencedAt + 1000) + " AND " + (resumedAt - 500) + "%s";
            long span = resumedAt - 500 - (silencedAt + 1000);
            long fanCycles = EndToEndIT.count(db, q.formatted("fan1.a", ""));
            long lineCycles = EndToEndIT.count(db, q.formatted("line1.a", ""));
            // 500 ms period; the silent unit costs one 200 ms timeout per cycle, which fits in the period
            assertThat(fanCycles).as("fan1 cycles in %d ms while cond1 was silent; log:%n%s", span, rig.log("agent.log"))
                    .isGreaterThanOrEqualTo(span / 500 - 1);
            assertThat(lineCycles).isGreaterThanOrEqualTo(span / 500 - 1);
            assertThat(EndToEndIT.count(db, q.formatted("fan1.a", " AND r.quality<>" + Quality.GOOD.ordinal()))).isZero();
            assertThat(EndToEndIT.count(db, q.formatted("cond1.a", " AND (r.quality<>" + Quality.COMM_FAULT.ordinal()
                    + " OR r.value IS NOT NULL)"))).as("silent unit: comm_fault, no invented value").isZero();
            assertThat(EndToEndIT.count(db, "SELECT count(*) FROM reading r JOIN point p ON p.id=r.point_id WHERE "
                    + "p.name='cond1.a' AND r.quality=" + Quality.GOOD.ordinal() + " AND r.ts > " + resumedAt))
                    .as("cond1 read again after it resumed").isPositive();
            DemoResult r = rig.compare(cfg);
            assertThat(r.acquired()).isPositive();
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
        }
    }
}
