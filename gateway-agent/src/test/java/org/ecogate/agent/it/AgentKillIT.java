package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGKILL the agent mid-run, restart it on the same buffer: everything committed before the kill arrives once. */
class AgentKillIT {
    @TempDir
    Path dir;

    @Test
    void readingsCommittedBeforeASigkillReachThePlatformExactlyOnce() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(null);
            // Broker down during the first run: the kill leaves a backlog, not just in-flight batches.
            Process first = rig.startAgentAndWait(cfg, "agent-1.log");
            Thread.sleep(2500);
            rig.broker.kill();
            Thread.sleep(2000);
            rig.broker.restart();
            Thread.sleep(300);
            first.destroyForcibly().waitFor();
            long epoch1 = EndToEndIT.count(rig.agentDb(), "SELECT value FROM meta WHERE key='epoch'");
            long committedAtKill = EndToEndIT.count(rig.agentDb(), "SELECT max(seq) FROM reading");
            long ackedAtKill = EndToEndIT.count(rig.agentDb(), "SELECT acked_through FROM stream_state WHERE stream='readings'");
            assertThat(committedAtKill).isPositive();

            Process second = rig.startAgentAndWait(cfg, "agent-2.log");
            Thread.sleep(3000);
            assertThat(second.isAlive()).as("restarted agent alive; log:\n%s", rig.log("agent-2.log")).isTrue();
            Rig.stop(second);
            rig.awaitQuiet();

            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT value FROM meta WHERE key='epoch'"))
                    .as("same buffer incarnation after restart").isEqualTo(epoch1);
            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM reading WHERE seq <= " + committedAtKill))
                    .as("readings committed before the kill are still in the buffer").isEqualTo(committedAtKill);
            DemoResult r = rig.compare();
            assertThat(r.acquired()).isGreaterThan(committedAtKill);
            assertThat(r.lost()).as("lost; logs:\n%s\n%s", rig.log("agent-1.log"), rig.log("agent-2.log")).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.delivered()).isEqualTo(r.acquired());
            assertThat(ackedAtKill).as("the kill happened with part of the buffer unacknowledged").isLessThan(committedAtKill);
        }
    }
}
