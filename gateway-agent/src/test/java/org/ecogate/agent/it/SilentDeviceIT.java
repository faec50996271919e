package org.ecogate.agent.it;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.runtime.Agent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A device that stops answering costs only its own poller; its readings are marked, not invented. */
class SilentDeviceIT {
    @TempDir
    Path dir;

    @Test
    void aSilentDeviceDoesNotDelayTheOthersAndItsReadingsAreMarkedMissing() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            AgentConfig cfg = ConfigLoader.load(rig.agentConfig(null));
            Agent agent = new Agent(cfg, org.ecogate.agent.runtime.ClockService.system());
            agent.start();
            try {
                // the uplink watch (UplinkWatch) knows the sender thread by this name
                assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains(agent.uplink().threadName());
                Thread.sleep(1200);
                rig.plant.device("fan1").silence();
                Thread.sleep(3000);
            } finally {
                agent.stop(Duration.ofSeconds(5));
            }
            Path db = rig.agentDb();
            long cut = EndToEndIT.count(db, "SELECT min(r.ts) FROM reading r JOIN point p ON p.id=r.point_id "
                    + "WHERE p.name='fan1.freq' AND r.quality=" + Quality.COMM_FAULT.ordinal());
            assertThat(cut).as("fan1 readings marked comm_fault after it went silent").isPositive();
            long lineCyclesAfter = EndToEndIT.count(db, "SELECT count(*) FROM reading r JOIN point p ON p.id=r.point_id "
                    + "WHERE p.name='line1.kw' AND r.ts >= " + cut);
            long lineSpan = EndToEndIT.count(db, "SELECT max(r.ts) FROM reading r JOIN point p ON p.id=r.point_id "
                    + "WHERE p.name='line1.kw'") - cut;
            // line1 kept its 200 ms period while fan1 timed out (300 ms x 2 tries per cycle).
            assertThat(lineCyclesAfter).as("line1 cycles during fan1's silence").isGreaterThanOrEqualTo(lineSpan / 200 - 2);
            assertThat(lineCyclesAfter).isGreaterThanOrEqualTo(10);
            assertThat(EndToEndIT.count(db, "SELECT count(*) FROM reading r JOIN point p ON p.id=r.point_id "
                    + "WHERE p.name LIKE 'line1.%' AND r.quality<>" + Quality.GOOD.ordinal())).isZero();
            assertThat(EndToEndIT.count(db, "SELECT count(*) FROM reading r JOIN point p ON p.id=r.point_id "
                    + "WHERE p.name LIKE 'fan1.%' AND r.ts >= " + cut + " AND (r.value IS NOT NULL OR r.quality<>"
                    + Quality.COMM_FAULT.ordinal() + ")")).as("no invented fan1 values while silent").isZero();
        }
    }
}
