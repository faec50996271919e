package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.ecogate.sync.GatewayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backlog drained through 20 broker kills/restarts and 10 agent SIGKILLs: the platform store ends up with every
 * record the agent committed exactly once, per stream in sequence order.
 */
class SyncChaosIT {
    @TempDir
    Path dir;

    @Test
    void twentyBrokerKillsAndTenAgentSigkillsDuringADrainLoseAndDuplicateNothing() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(null);
            // backlog older than 1 s counts as historical: new readings take the live lane ahead of it, so the
            // lane's opening, merging and adoption after a restart go through the same kills (latency 0: new readings
            // leave at once instead of lingering until the fast backlog has merged with the lane)
            java.nio.file.Files.writeString(cfg, java.nio.file.Files.readString(cfg)
                    .replace("  drainOnStop: 15s\n", "  drainOnStop: 15s\n  historicalAfter: 1s\n  latency: 0s\n"));
            rig.broker.kill();
            Process agent = rig.startAgent(cfg, "agent-0.log");
            Thread.sleep(5000); // a backlog builds while the broker is down
            int brokerKills = 0;
            boolean willSeen = false;
            for (int round = 1; round <= 10; round++) {
                rig.broker.restart();
                Thread.sleep(400);              // draining
                rig.broker.kill();
                brokerKills++;
                Thread.sleep(150);
                rig.broker.restart();
                Thread.sleep(round == 1 ? 1500 : 400); // draining
                if (round == 1) {
                    // the will needs a live connection to die: wait for the agent's birth after the restart
                    long deadline = System.currentTimeMillis() + 15_000;
                    while (System.currentTimeMillis() < deadline) {
                        GatewayStatus s = rig.receiver.gatewayStatus(Rig.GATEWAY);
                        if (s != null && s.online() && rig.receiver.connected()) break;
                        Thread.sleep(50);
                    }
                }
                agent.destroyForcibly().waitFor(); // SIGKILL mid-drain
                if (round == 1) {
                    // the broker publishes the agent's last will when its connection dies without DISCONNECT
                    long deadline = System.currentTimeMillis() + 5000;
                    while (!willSeen && System.currentTimeMillis() < deadline) {
                        GatewayStatus s = rig.receiver.gatewayStatus(Rig.GATEWAY);
                        willSeen = s != null && !s.online() && GatewayStatus.WILL.equals(s.kind());
                        Thread.sleep(50);
                    }
                }
                rig.broker.kill();
                brokerKills++;
                agent = rig.startAgent(cfg, "agent-" + round + ".log");
                Thread.sleep(1200);             // buffer grows while the broker is down
            }
            rig.broker.restart();
            Thread.sleep(3000);
            assertThat(agent.isAlive()).as("last agent alive; log:\n%s", rig.log("agent-10.log")).isTrue();
            Rig.stop(agent);
            rig.awaitQuiet();

            assertThat(brokerKills).isEqualTo(20);
            assertThat(willSeen).as("will status after SIGKILL").isTrue();
            DemoResult r = rig.compare();
            assertThat(r.lost()).as("lost; last log:\n%s", rig.log("agent-10.log")).isZero();
            assertThat(r.duplicates()).isZero();
            assertThat(r.delivered()).isEqualTo(r.acquired());
            assertThat(rig.sink.countAndDuplicates()[1]).as("duplicates in any stream").isZero();
            // every stream stored in seq order on each of its two paths (watermark, live lane: live data goes ahead
            // of the backlog), without holes relative to what the agent committed (compare() above)
            long[] rowsAndLane = assertPathsInOrder(dir.resolve("platform.db"));
            long laneRows = rowsAndLane[1];
            System.out.println("SyncChaosIT: acquired " + r.acquired() + " readings, stored rows " + rowsAndLane[0]);
            assertThat(rowsAndLane[0]).as("rows stored (a drain worth the name)").isGreaterThan(200);
            System.out.println("SyncChaosIT: records stored on the live lane ahead of the backlog: " + laneRows);
            assertThat(laneRows).as("the live lane was used during the chaos").isPositive();
            long acked = EndToEndIT.count(rig.agentDb(), "SELECT acked_through FROM stream_state WHERE stream='readings'");
            long maxSeq = EndToEndIT.count(rig.agentDb(), "SELECT max(seq) FROM reading");
            assertThat(acked).as("everything acknowledged after the final drain").isEqualTo(maxSeq);
        }
    }

    /**
     * Every stream stored in seq order on each of its two paths (watermark, live lane). Returns {rows, lane rows}.
     */
    static long[] assertPathsInOrder(Path platformDb) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + platformDb);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT stream, epoch, seq, lane FROM record ORDER BY rowid")) {
            Map<String, Long> last = new HashMap<>();
            long rows = 0, laneRows = 0;
            while (rs.next()) {
                laneRows += rs.getInt(4);
                String k = rs.getString(1) + "/" + rs.getLong(2) + "/" + rs.getInt(4);
                long seq = rs.getLong(3);
                Long prev = last.put(k, seq);
                assertThat(prev == null || seq > prev).as("%s seq %d after %d", k, seq, prev).isTrue();
                rows++;
            }
            return new long[] {rows, laneRows};
        }
    }
}
