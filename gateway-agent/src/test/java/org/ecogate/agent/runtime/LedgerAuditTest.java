package org.ecogate.agent.runtime;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22: the daily ledgers (run-hours, stops, longest stop) an agent buffered across kills, with its fan stopping
 * now and then and a midnight inside the run, equal a replay of the buffered readings through the detector; a
 * planted change to a stored ledger is found. A poll gap with no tick in it (the agent's threads starved under load)
 * counts in the ledger as in the replay.
 */
class LedgerAuditTest {
    private static final long MIDNIGHT = 1_795_046_400_000L; // 2026-11-18T00:00Z

    @TempDir
    Path dir;

    private DetectionConfig config() throws Exception {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, FanLinePlant.yaml("""
                detection:
                  timezone: "+00:00"
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                  summaries: {minute: true, hour: false, ledger: true, counters: [line1.kwh], grace: 2s}
                """));
        return ConfigLoader.load(cfg).detection();
    }

    @Test
    void ledgersAcrossKillsEqualAReplayOfTheBufferedReadings() throws Exception {
        DetectionConfig cfg = config();
        Path db = dir.resolve("agent.db");
        AgentLoop.withKills(db, cfg, MIDNIGHT - 240_000, 9, true, 11, true);
        LedgerAudit.Result r = LedgerAudit.run(db, cfg, 0, Long.MAX_VALUE);
        System.out.printf("ledger audit: %d ledgers replayed from %d readings: %d differences %s%n", r.ledgers(), r.readings(),
                r.differences().size(), r.differences());
        assertThat(r.ledgers()).isPositive();
        assertThat(r.differences()).isEmpty();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE doc SET body = replace(body, '\"stops\":', '\"stops\":1') WHERE stream='summaries' "
                    + "AND body LIKE '%\"kind\":\"ledger\"%'")).isEqualTo(1);
        }
        LedgerAudit.Result bad = LedgerAudit.run(db, cfg, 0, Long.MAX_VALUE);
        System.out.println("after a planted change: " + bad.differences());
        assertThat(bad.differences()).hasSize(1);
        assertThat(bad.differences().get(0).field()).isEqualTo("stops");
    }

    @Test
    void aPollGapWithoutTicksCountsAsInAReplay() throws Exception {
        DetectionConfig cfg = config();
        Path db = dir.resolve("agent.db");
        FakeAgentClock fake = new FakeAgentClock(MIDNIGHT - 60_000);
        java.util.Random rnd = new java.util.Random(7);
        try (AgentLoop r = new AgentLoop(fake, db, cfg, true, 0)) {
            for (int i = 0; i < 100; i++) r.poll(rnd);
            fake.advance(5_000); // neither a poll nor a tick for 5 s: longer than offlineAfter (3 s)
            for (int i = 0; i < 250; i++) r.poll(rnd); // past midnight: the day's ledger closes
        }
        LedgerAudit.Result r = LedgerAudit.run(db, cfg, 0, Long.MAX_VALUE);
        System.out.printf("ledger audit after a stall: %d ledgers replayed from %d readings: %d differences %s%n", r.ledgers(),
                r.readings(), r.differences().size(), r.differences());
        assertThat(r.ledgers()).isPositive();
        assertThat(r.differences()).isEmpty();
    }
}
