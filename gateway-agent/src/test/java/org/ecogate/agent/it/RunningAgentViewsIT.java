package org.ecogate.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.cli.Main;
import org.ecogate.sync.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23 items 1 and 6: a typo in the config file and a SIGHUP (refused reload) must not blind the views:
 * {@code status}, {@code values}, {@code events}, {@code sync status}, {@code buffer stats} and the page show the
 * running agent with one line saying the file on disk differs. After a clean stop {@code status} says NOT RUNNING at
 * once (exit 3, no green), and {@code values} shows the buffer's last values. A real agent process, real signals.
 */
class RunningAgentViewsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String DETECTION = """
            web: {port: 0}
            detection:
              timezone: "+08:00"
              equipment:
                - {id: fan1, template: fan, debounce: 1s}
                - {id: line1, template: meter, debounce: 1s}
              facilities:
                - {id: tf1, equipment: [fan1], production: [line1], grace: 1s}
            """;

    @TempDir
    Path dir;

    record Run(int exit, String out) {}

    static Run cli(Rig rig, String name, String... args) throws Exception {
        Path out = rig.dir.resolve(name);
        Process p = rig.startCli(out, args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(name + " finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out));
    }

    @Test
    void aRefusedReloadLeavesEveryViewOnTheRunningAgentAndAStopShowsAtOnce() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(DETECTION);
            Process agent = rig.startAgentAndWait(cfg, "agent.log");
            rig.awaitLog("agent.log", "equipment \"line1\": UNKNOWN -> RUNNING", 20_000);
            rig.awaitLog("agent.log", "equipment \"fan1\": UNKNOWN -> RUNNING", 20_000);

            // the technician's typo, then a reload: refused, the agent keeps running on its kept config
            String good = Files.readString(cfg);
            Files.writeString(cfg, good.replaceFirst("    interval: 200ms\n", "    interval: 200ms\n    intervall: 1s\n"));
            Process k = new ProcessBuilder("kill", "-HUP", Long.toString(agent.pid())).start();
            assertThat(k.waitFor(5, TimeUnit.SECONDS)).isTrue();
            rig.awaitLog("agent.log", "config reload refused", 10_000);
            String note = "note: the file on disk differs from the running config: " + cfg;

            Run status = cli(rig, "status.out", "status", "-c", cfg.toString());
            System.out.println("$ ecogate status -c agent.yaml   # after the refused reload\n" + status.out());
            assertThat(status.exit()).as(status.out()).isZero();
            assertThat(status.out()).contains(note).containsPattern(":\\d+: devices\\[0]: unknown key 'intervall'.*; showing the running agent")
                    .containsPattern("gateway it-gw \\(pid \\d+\\): running")
                    .contains("facility tf1: production running, treatment running, no outage open")
                    .containsPattern("delivery sync: ok, health green, last confirmed by the platform \\d+ s ago")
                    .contains("last reload: ").contains("kept the running config");
            assertThat(status.out().lines().filter(l -> l.startsWith("note:")).count()).as("one line").isEqualTo(1);

            Run json = cli(rig, "status.json", "status", "-c", cfg.toString(), "--json");
            assertThat(json.exit()).as(json.out()).isZero();
            JsonNode st = JSON.readTree(json.out().substring(json.out().indexOf('{')));
            assertThat(st.path("running").asBoolean()).isTrue();
            assertThat(st.path("state").asText()).isEqualTo("running");
            assertThat(st.path("note").asText()).contains("unknown key 'intervall'").endsWith("showing the running agent");
            assertThat(st.path("facilities").get(0).path("treatment").asText()).isEqualTo("running");

            Run values = cli(rig, "values.out", "values", "-c", cfg.toString());
            assertThat(values.exit()).as(values.out()).isZero();
            assertThat(values.out()).contains(note).containsPattern("(?m)^fan1\\.freq\\s+\\d");

            Run events = cli(rig, "events.out", "events", "-c", cfg.toString());
            assertThat(events.exit()).as(events.out()).isZero();
            assertThat(events.out()).contains(note);

            Run sync = cli(rig, "sync.out", "sync", "status", "-c", cfg.toString());
            assertThat(sync.exit()).as(sync.out()).isZero();
            assertThat(sync.out()).contains(note).contains("gateway it-gw: running");

            Run stats = cli(rig, "stats.out", "buffer", "stats", "-c", cfg.toString());
            assertThat(stats.exit()).as(stats.out()).isZero();
            assertThat(stats.out()).contains(note).containsPattern("(?m)^readings\\s+\\d+");

            String url = st.path("web").asText();
            String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "?lang=en")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("<div class=note id=note>The file on disk differs from the running config: ")
                    .contains("unknown key 'intervall'").contains("data-facility=\"tf1\"")
                    .contains("data-applied=false");

            // a clean stop: "not running" at once, never green
            assertThat(Rig.stop(agent)).isIn(0, 143);
            long stoppedAt = System.currentTimeMillis();
            // in this JVM, so the answer comes well inside the status file's 5 s freshness (a JVM start can take 10 s here)
            CliRun now = CliRun.of(Main::execute, "status", "-c", cfg.toString());
            long answeredAfter = System.currentTimeMillis() - stoppedAt;
            assertThat(answeredAfter).as("asked right after the stop").isLessThan(2_000);
            assertThat(now.code()).as(now.out() + now.err()).isEqualTo(3);
            assertThat(now.out()).contains("NOT RUNNING (stopped cleanly at ").doesNotContain(": running").doesNotContain("health: green");
            Run after = cli(rig, "status-after.out", "status", "-c", cfg.toString());
            System.out.println("$ ecogate status -c agent.yaml   # after SIGTERM (in-process: answered " + answeredAfter
                    + " ms after the process ended)\n" + now.out() + "\n(as a process:)\n" + after.out());
            assertThat(after.exit()).as(after.out()).isEqualTo(3);
            assertThat(after.out()).contains("NOT RUNNING (stopped cleanly at ").doesNotContain(": running")
                    .contains("health (last known): ").contains("buffer (read now): ");
            Run lastValues = cli(rig, "values-after.out", "values", "-c", cfg.toString());
            assertThat(lastValues.exit()).as(lastValues.out()).isZero();
            assertThat(lastValues.out()).contains("the agent is NOT RUNNING: the last value of each point in its buffer")
                    .containsPattern("(?m)^fan1\\.freq\\s+\\d");
            System.out.println("$ ecogate values -c agent.yaml   # stopped\n" + lastValues.out());
            Run syncAfter = cli(rig, "sync-after.out", "sync", "status", "-c", cfg.toString());
            assertThat(syncAfter.out()).contains("gateway it-gw: NOT RUNNING");
        }
    }
}
