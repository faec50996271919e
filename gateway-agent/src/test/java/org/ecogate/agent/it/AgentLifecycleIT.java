package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the agent's life as a process: a SIGTERM stop drains and exits 0 (not 143); a second agent on the same
 * buffer refuses to start, names the holder's pid and exits 2, leaving the first one running.
 */
class AgentLifecycleIT {
    @TempDir
    Path dir;

    // issue 12
    @Test
    void sigtermDrainsAndExitsZero() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Process agent = rig.startAgentAndWait(rig.agentConfig(null), "agent.log");
            Thread.sleep(1500);
            assertThat(Rig.stop(agent)).as("exit code after SIGTERM; log:\n%s", rig.log("agent.log")).isZero();
            assertThat(rig.log("agent.log")).contains("SIGTERM received: stopping").contains("backlog drained")
                    .contains("stopped after");
        }
    }

    // issue 12
    @Test
    void aSecondAgentOnTheSameBufferRefusesToStartNamingTheHolder() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(null);
            Process first = rig.startAgentAndWait(cfg, "first.log");
            Process second = rig.startAgent(cfg, "second.log");
            assertThat(second.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            String out = rig.log("second.log").strip();
            assertThat(second.exitValue()).as("second agent's exit code; output:\n%s", out).isEqualTo(2);
            assertThat(out).as("one line naming the holder").doesNotContain("\n")
                    .startsWith("error: buffer ").contains("in use by another agent (pid " + first.pid() + ",");
            long before = EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM reading");
            Thread.sleep(1000);
            assertThat(first.isAlive()).isTrue();
            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM reading")).as("first agent still polling")
                    .isGreaterThan(before);
            first.destroyForcibly().waitFor(); // the OS drops the lock with the process: a restart is not blocked
            Process third = rig.startAgentAndWait(cfg, "third.log");
            assertThat(Rig.stop(third)).isZero();
        }
    }
}
