package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.ecogate.sync.testkit.LinkEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos of {@link SyncChaosIT} over a cellular-like uplink: the agent reaches the broker through the link
 * emulator at 300 ms round trip and 1 Mbit/s, with stalls, half-open drops (nothing closes, nothing arrives), broker
 * kills and agent SIGKILLs, a historical backlog and the live lane in use. Everything the agent committed reaches
 * the platform exactly once, each path in seq order. Scaled for CI (about a minute).
 */
class SlowLinkChaosIT {
    @TempDir
    Path dir;

    @Test
    void exactlyOnceThroughStallsHalfOpenDropsBrokerKillsAndSigkillsAt300msRoundTrip() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT);
             LinkEmulator link = new LinkEmulator(rig.broker.port()).roundTrip(Duration.ofMillis(300)).bandwidth(1_000_000)) {
            Path cfg = rig.agentConfig(null);
            Files.writeString(cfg, Files.readString(cfg).replace(rig.broker.url(), link.url())
                    .replace("  ackTimeout: 1s\n", "  ackTimeout: 3s\n")
                    .replace("  drainOnStop: 15s\n", "  drainOnStop: 15s\n  historicalAfter: 1s\n"));
            rig.broker.kill();
            Process agent = rig.startAgent(cfg, "agent-0.log");
            Thread.sleep(4000); // a backlog builds while the broker is down
            rig.broker.restart();
            int sigkills = 0;
            for (int round = 1; round <= 6; round++) {
                Thread.sleep(1500); // draining over the slow link
                switch (round % 3) {
                    case 1 -> { // half-open: the agent must notice by itself (no PUBACK within the ack timeout)
                        link.dropSilently();
                        Thread.sleep(4500);
                        link.reapSilent();
                    }
                    case 2 -> link.stall(Duration.ofMillis(2000));
                    default -> {
                        rig.broker.kill();
                        Thread.sleep(800);
                        rig.broker.restart();
                    }
                }
                if (round % 2 == 0) {
                    agent.destroyForcibly().waitFor(); // SIGKILL mid-drain
                    sigkills++;
                    agent = rig.startAgent(cfg, "agent-" + round + ".log");
                }
            }
            Thread.sleep(3000);
            assertThat(agent.isAlive()).as("last agent alive; log:\n%s", rig.log("agent-6.log")).isTrue();
            Rig.stop(agent); // SIGTERM: bounded drain (exit code 0 is #12's)
            rig.awaitQuiet();

            DemoResult r = rig.compare();
            assertThat(sigkills).isEqualTo(3);
            assertThat(r.lost()).as("lost; last log:\n%s", rig.log("agent-6.log")).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.delivered()).isEqualTo(r.acquired());
            assertThat(rig.sink.countAndDuplicates()[1]).as("duplicates in any stream").isZero();
            long[] rows = SyncChaosIT.assertPathsInOrder(dir.resolve("platform.db"));
            System.out.printf("SlowLinkChaosIT: acquired %d readings, stored rows %d (%d on the live lane), link %d B up, %d B down%n",
                    r.acquired(), rows[0], rows[1], link.upBytes(), link.downBytes());
            assertThat(rows[0]).as("rows stored").isGreaterThan(100);
            long acked = EndToEndIT.count(rig.agentDb(), "SELECT acked_through FROM stream_state WHERE stream='readings'");
            long maxSeq = EndToEndIT.count(rig.agentDb(), "SELECT max(seq) FROM reading");
            assertThat(acked).as("everything acknowledged after the final drain").isEqualTo(maxSeq);
        }
    }
}
