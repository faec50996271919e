package org.ecogate.agent.runtime;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
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
 * planted change to a stored ledger is found.
 */
class LedgerAuditTest {
    private static final long MIDNIGHT = 1_795_046_400_000L; // 2026-11-18T00:00Z

    @TempDir
    Path dir;

    private DetectionConfig config() throws Exception {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, """
                gateway: gw1
                buffer: {path: agent.db}
                uplink:
                  broker: tcp://127.0.0.1:1883
                devices:
                  - id: fan1
                    host: 127.0.0.1
                    interval: 200ms
                    points:
                      - {name: current, address: 0, table: holding, type: float32}
                      - {name: run, address: 2, table: holding, type: bit, bit: 0}
                  - id: line1
                    host: 127.0.0.1
                    interval: 200ms
                    points:
                      - {name: kwh, address: 0, table: holding, type: float32}
                detection:
                  timezone: "+00:00"
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                  summaries: {minute: true, hour: false, ledger: true, counters: [line1.kwh], grace: 2s}
                """);
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
}
