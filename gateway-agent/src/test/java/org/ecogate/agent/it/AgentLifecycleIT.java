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

    @Test
    void issue12_sigtermDrainsAndExitsZero() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Process agent = rig.startAgentAndWait(rig.agentConfig(null), "agent.log");
            Thread.sleep(1500);
            assertThat(Rig.stop(agent)).as("exit code after SIGTERM; log:\n%s", rig.log("agent.log")).isZero();
            assertThat(rig.log("agent.log")).contains("SIGTERM received: stopping").contains("backlog drained")
                    .contains("stopped after");
        }
    }
}
