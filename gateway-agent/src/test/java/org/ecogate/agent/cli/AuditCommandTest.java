package org.ecogate.agent.cli;

import org.ecogate.sync.testkit.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.runtime.AgentLoop;
import org.ecogate.agent.runtime.FanLinePlant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, item 4: {@code ecogate audit} on a buffer written by the agent's loop across kills prints 0 differences
 * (exit 0); after one planted change to a buffered minute summary it prints the difference (exit 1), also as JSON.
 * {@code buffer export --stream} gives every stream as JSON lines.
 */
class AuditCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;

    private Path agent() throws Exception {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, FanLinePlant.yaml("""
                detection:
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 60s, rules: {running: {point: fan1.run, equals: 1}}}
                  summaries: {minute: true, hour: true, ledger: false, counters: [line1.kwh], grace: 2s}
                """));
        AgentLoop.withKills(dir.resolve("agent.db"), ConfigLoader.load(cfg).detection(), 1_795_000_017_000L, 4, true, 7);
        return cfg;
    }

    @Test
    void auditPrintsNoDifferenceThenTheOnePlantedInASummary() throws Exception {
        Path cfg = agent();
        CliRun ok = CliRun.of(Main::execute, "audit", "-c", cfg.toString());
        System.out.println(ok.out());
        assertThat(ok.code()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).containsPattern("audit: [\\d,]+ summaries recomputed from [\\d,]+ buffered readings, [\\d,]+ ledgers \\(equipment run-hours\\) "
                + "replayed from [\\d,]+: 0 differences");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("agent.db")); Statement st = c.createStatement()) {
            assertThat(st.executeUpdate("UPDATE doc SET body = replace(body, '\"count\":', '\"count\":1') WHERE seq = "
                    + "(SELECT min(seq) FROM doc WHERE stream='summaries' AND key='minute:fan1.current')")).isEqualTo(1);
        }
        CliRun bad = CliRun.of(Main::execute, "audit", "-c", cfg.toString());
        System.out.println(bad.out());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("fan1.current").contains("count").contains(": 1 differences");
        CliRun json = CliRun.of(Main::execute, "audit", "-c", cfg.toString(), "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode d = JSON.readTree(json.out()).path("differences");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).path("subject").asText()).isEqualTo("fan1.current");
        assertThat(d.get(0).path("field").asText()).isEqualTo("count");
        assertThat(CliRun.of(Main::execute, "audit", "-c", cfg.toString(), "--from", "yesterday").code()).isEqualTo(2);
    }

    @Test
    void bufferExportGivesEveryStreamAsJsonLines() throws Exception {
        Path cfg = agent();
        CliRun sums = CliRun.of(Main::execute, "buffer", "export", "-c", cfg.toString(), "--stream", "summaries");
        assertThat(sums.code()).as(sums.err()).isZero();
        String[] lines = sums.out().split("\n");
        assertThat(lines.length).isGreaterThan(10);
        JsonNode first = JSON.readTree(lines[0]);
        assertThat(first.path("stream").asText()).isEqualTo("summaries");
        assertThat(first.path("body").path("kind").asText()).isIn("minute", "hour");
        assertThat(first.path("body").has("coverage")).isTrue();
        CliRun all = CliRun.of(Main::execute, "buffer", "export", "-c", cfg.toString(), "--stream", "all");
        assertThat(all.code()).isZero();
        assertThat(all.out()).contains("\"stream\":\"summaries\"").contains("\"stream\":\"readings\"");
        CliRun unknown = CliRun.of(Main::execute, "buffer", "export", "-c", cfg.toString(), "--stream", "reading");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown stream 'reading'");
    }
}
