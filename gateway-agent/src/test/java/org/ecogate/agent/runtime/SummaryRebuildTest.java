package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, item 1 on a fake clock and a real SQLite buffer: the agent's loop (a poll every 200 ms of two devices, a
 * tick every second) is "killed" at random moments (the buffer closed without a last save, as after SIGKILL) and
 * restarted, also across minute boundaries while down. Every minute and hour summary then equals a recomputation
 * from the buffer ({@link SummaryAudit}); restored without the rebuild (as before issue 22) it does not.
 */
class SummaryRebuildTest {
    private static final long T0 = 1_795_000_017_000L; // mid-minute
    @TempDir
    Path dir;

    private SummaryAudit.Result runWithKills(boolean rebuild, long seed) throws Exception {
        Path db = dir.resolve("b-" + rebuild + "-" + seed + ".db");
        AgentLoop.withKills(db, config(), T0, 6, rebuild, seed);
        return SummaryAudit.run(db, ZoneOffset.UTC, 0, Long.MAX_VALUE);
    }

    @Test
    void summariesEqualTheBufferedReadingsAcrossKillsAndDowntime() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            SummaryAudit.Result r = runWithKills(true, seed);
            assertThat(r.summaries()).as("seed %d", seed).isGreaterThan(20);
            assertThat(r.differences()).as("seed %d: %s", seed, r.differences()).isEmpty();
        }
    }

    @Test
    void withoutTheRebuildTheAuditFindsTheSamplesAKillLeftOut() throws Exception {
        SummaryAudit.Result r = runWithKills(false, 1);
        assertThat(r.differences()).as("summaries restored from a state up to 10 s old").isNotEmpty();
        System.out.println("without rebuild: " + r.differences().size() + " differences, e.g. " + r.differences().get(0));
    }

    static DetectionConfig config() throws Exception {
        return DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                equipment:
                  - {id: fan1, template: fan, debounce: 1s, offlineAfter: 60s, rules: {running: {point: fan1.run, equals: 1}}}
                summaries: {minute: true, hour: true, ledger: false, counters: [line1.kwh], grace: 2s}
                """)).withDevices(Map.of("fan1", List.of("fan1.current", "fan1.run"), "line1", List.of("line1.kwh")),
                Map.of("fan1.current", java.time.Duration.ofMillis(200), "fan1.run", java.time.Duration.ofMillis(200),
                        "line1.kwh", java.time.Duration.ofMillis(200)));
    }
}
