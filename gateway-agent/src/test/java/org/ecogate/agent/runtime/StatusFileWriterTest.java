package org.ecogate.agent.runtime;

import org.ecogate.agentstatus.AgentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 21: the status file is rewritten when what people look at changes, else at most every statusEvery. */
class StatusFileWriterTest {
    @TempDir
    Path dir;

    private static AgentStatus status(long readings, String fan, long pid, long updated) {
        return new AgentStatus("gw", pid, updated, readings, readings, 0, "green", Map.of("fan1", fan), null, Map.of(),
                new AgentStatus.Uplink(true, 0, 0, 0, 0, 0), null, null, null, null, null, "Z", null, 0,
                AgentStatus.RUNNING, null, null, null, null, null, null, null);
    }

    @Test
    void countersAloneWaitForStatusEveryAStateChangeIsWrittenAtOnce() throws Exception {
        Path f = dir.resolve("b.db.status.json");
        StatusFile.Writer w = new StatusFile.Writer(f, Duration.ofMinutes(1));
        long now = System.currentTimeMillis();
        assertThat(w.offer(status(1, "RUNNING", 1, now))).as("first").isTrue();
        assertThat(w.offer(status(2, "RUNNING", 1, now))).as("only counters moved").isFalse();
        assertThat(w.offer(status(3, "STOPPED", 1, now))).as("equipment changed").isTrue();
        assertThat(StatusFile.read(dir.resolve("b.db")).equipment()).containsEntry("fan1", "STOPPED");
        StatusFile.Writer every = new StatusFile.Writer(f, Duration.ZERO);
        assertThat(every.offer(status(4, "STOPPED", 1, now))).isTrue();
        assertThat(every.offer(status(5, "STOPPED", 1, now))).as("statusEvery passed").isTrue();
    }

    @Test
    void anOldStatusIsLiveOnlyWhileItsAgentProcessRuns() throws Exception {
        long now = System.currentTimeMillis();
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        long deadPid = other.pid();
        other.waitFor();
        assertThat(StatusFile.isLive(status(1, "RUNNING", deadPid, now - 60_000), now)).as("its process is gone").isFalse();
        assertThat(StatusFile.isLive(status(1, "RUNNING", deadPid, now - 1_000), now)).as("fresh").isTrue();
        Process sleeper = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()).start();
        try {
            assertThat(StatusFile.isLive(status(1, "RUNNING", sleeper.pid(), now - 60_000), now)).as("a java process runs").isTrue();
            assertThat(StatusFile.isLive(status(1, "RUNNING", sleeper.pid(), now - StatusFile.MAX_AGE_MS - 1), now)).as("too old").isFalse();
        } finally {
            sleeper.destroyForcibly().waitFor();
        }
    }

    /** A java process that waits to be killed. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(60_000);
        }
    }
}
