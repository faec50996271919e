package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.ecogate.agent.buffer.Tmpfs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5: the agent's buffer lives on a 4 MB tmpfs the test mounts and then fills with a ballast file. The agent
 * keeps polling, holds cycles in memory, recovers by itself when the ballast is deleted, and every cycle it polled
 * reaches the platform once. Fails with the reason where mounting is not permitted ({@link Tmpfs}).
 */
class BufferDiskFullIT {
    @TempDir
    Path dir;

    // issue 5
    @Test
    void agentKeepsPollingOnAFullDiskAndLosesNothingWhenSpaceReturns() throws Exception {
        Path mnt = dir.resolve("small");
        Tmpfs.mount(mnt, "4m");
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = BufferSigkillIT.keepAcked(rig.agentConfig(null));
            Path db = mnt.resolve("agent.db");
            Files.writeString(cfg, Files.readString(cfg).replace("path: agent.db", "path: " + db));
            Process agent = rig.startAgentAndWait(cfg, "agent.log"); // running before the disk fills (slow starts under load)
            Thread.sleep(2500);
            Path ballast = Tmpfs.fill(mnt);
            for (int i = 0; i < 60 && !rig.log("agent.log").contains("holding poll cycles in memory"); i++) Thread.sleep(100);
            assertThat(rig.log("agent.log")).contains("holding poll cycles in memory");
            Thread.sleep(2000); // polling goes on while the disk is full
            assertThat(agent.isAlive()).as("agent alive on a full disk; log:\n%s", rig.log("agent.log")).isTrue();
            Files.delete(ballast);
            for (int i = 0; i < 50 && !rig.log("agent.log").contains("writable again"); i++) Thread.sleep(100);
            assertThat(rig.log("agent.log")).contains("writable again").doesNotContain("poll cycle not buffered");
            Thread.sleep(1500);
            assertThat(Rig.stop(agent)).as("exit code after SIGTERM").isZero();
            rig.awaitQuiet();
            long first = EndToEndIT.count(db, "SELECT min(seq) FROM reading");
            long last = EndToEndIT.count(db, "SELECT max(seq) FROM reading");
            assertThat(EndToEndIT.count(db, "SELECT count(*) FROM reading")).as("no hole in the seqs").isEqualTo(last - first + 1);
            assertThat(EndToEndIT.count(db, "SELECT count(*) FROM doc WHERE stream='gaps'")).as("nothing dropped").isZero();
            // fan1 is polled every 200 ms: no hole of a second in its timestamps (nothing polled was lost)
            assertThat(EndToEndIT.count(db, "SELECT max(d) FROM (SELECT ts - lag(ts) OVER (ORDER BY ts) AS d FROM "
                    + "(SELECT DISTINCT r.ts FROM reading r JOIN point p ON p.id = r.point_id WHERE p.name = 'fan1.freq'))"))
                    .isLessThan(1000);
            DemoResult r = rig.compare(cfg);
            assertThat(r.acquired()).isGreaterThan(100);
            assertThat(r.lost()).as("lost; log:\n%s", rig.log("agent.log")).isZero();
            assertThat(r.duplicates()).isZero();
        } finally {
            Tmpfs.unmount(mnt);
        }
    }
}
