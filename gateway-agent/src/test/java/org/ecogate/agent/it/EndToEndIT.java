package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path with real parts: simulated devices over Modbus TCP → agent (child JVM) → SQLite buffer → MQTT
 * (real mosquitto, killed for a few seconds mid-run) → platform receiver → SQLite store → ack.
 */
class EndToEndIT {
    @TempDir
    Path dir;

    @Test
    void everyCommittedReadingReachesThePlatformExactlyOnceAcrossABrokerOutage() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Process agent = rig.startAgentAndWait(rig.agentConfig(null), "agent.log");
            Thread.sleep(3000);
            long storedBeforeOutage = rig.receiver.stats().recordsStored();
            rig.broker.kill();
            long acquiredAtKill = count(rig.agentDb(), "SELECT count(*) FROM reading");
            Thread.sleep(3500);
            long acquiredDuringOutage = count(rig.agentDb(), "SELECT count(*) FROM reading") - acquiredAtKill;
            long storedDuringOutage = rig.receiver.stats().recordsStored();
            rig.broker.restart();
            Thread.sleep(3500);
            assertThat(agent.isAlive()).as("agent alive; log:\n%s", rig.log("agent.log")).isTrue();
            assertThat(Rig.stop(agent)).as("exit code after SIGTERM").isZero();
            rig.awaitQuiet();

            DemoResult r = rig.compare();
            assertThat(storedBeforeOutage).as("records stored before the outage").isPositive();
            assertThat(acquiredDuringOutage).as("agent kept polling and buffering while the broker was down").isGreaterThan(20);
            assertThat(storedDuringOutage - storedBeforeOutage).as("nothing stored while the broker was down").isLessThan(200);
            assertThat(r.acquired()).isGreaterThan(100);
            assertThat(r.lost()).as("lost; agent log:\n%s", rig.log("agent.log")).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.delivered()).isEqualTo(r.acquired());
            assertThat(count(rig.agentDb(), "SELECT acked_through FROM stream_state WHERE stream='readings'"))
                    .as("the agent's ack watermark reached its last reading")
                    .isEqualTo(count(rig.agentDb(), "SELECT max(seq) FROM reading"));
            assertThat(rig.log("agent.log")).contains("uplink: reconnected");
        }
    }

    /** A query on the agent's buffer; table {@code reading} is its decoded readings ({@link org.ecogate.agent.buffer.BufferTesting#query}). */
    static long count(Path db, String sql) throws Exception {
        return org.ecogate.agent.buffer.BufferTesting.query(db, sql);
    }
}
