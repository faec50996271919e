package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.runtime.StatusFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** {@code ecogate sync status}: the per-stream table and, on a terminal while draining, the progress bar. */
class SyncStatusCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** A status file as the running agent writes it: readings stream, {@code backlog} records unacknowledged. */
    private static ObjectNode status(long backlog, double ackRate) {
        long now = System.currentTimeMillis();
        ObjectNode st = JSON.createObjectNode();
        st.put("updated", now);
        st.put("pid", ProcessHandle.current().pid()); // "running" is a live process (this test JVM stands in for the agent)
        st.put("gateway", "gw1");
        ObjectNode sync = st.putObject("sync");
        sync.put("connected", true);
        ObjectNode r = sync.putObject("streams").putObject("readings");
        r.put("ackedThrough", 10_000 - backlog);
        r.put("ackRate", ackRate);
        r.put("bytesPerRecord", 40.0);
        r.put("inflight", backlog > 0 ? 10 : 0);
        ObjectNode b = st.putObject("buffer");
        b.put("backlog", backlog);
        b.put("oldestUnackedTs", backlog > 0 ? now - 60_000 : 0);
        b.put("lastSeq", 10_000);
        b.put("ackedThrough", 10_000 - backlog);
        b.put("rows", 10_000);
        b.put("fileBytes", 1_000_000);
        return st;
    }

    private static List<String> barLines(String text) {
        return text.lines().filter(l -> l.trim().startsWith("[")).toList();
    }

    @Test
    void barShowsDrainedShareOfTheBacklogSeenAtStart() {
        ObjectNode v = SyncCommand.Status.view(status(250, 50));
        assertThat(v.path("draining").asBoolean()).isTrue();
        String text = SyncCommand.Status.render(v, true, Map.of("readings", 1000L));
        List<String> bars = barLines(text);
        assertThat(bars).as(text).hasSize(1);
        String bar = bars.get(0);
        assertThat(bar).isEqualTo("  [" + "#".repeat(30) + ".".repeat(10) + "]  75.0 %");
        assertThat(bar.chars().filter(c -> c == '#').count()).isEqualTo(30);
        assertThat(bar).contains("75.0 %");
        // not ackedThrough/lastSeq (9750/10000 = 97.5 %)
        assertThat(text).doesNotContain("97.5");
    }

    @Test
    void anOpenLiveLaneIsShownWithItsRange() {
        ObjectNode st = status(250, 50);
        ObjectNode r = (ObjectNode) st.path("sync").path("streams").path("readings");
        assertThat(SyncCommand.Status.render(SyncCommand.Status.view(st), false, Map.of())).doesNotContain("live lane");
        r.put("liveAfter", 9_990);
        r.put("liveThrough", 9_995);
        String text = SyncCommand.Status.render(SyncCommand.Status.view(st), false, Map.of());
        assertThat(text).contains("live lane: records after seq 9990 go ahead of the backlog; the platform holds them through seq 9995");
    }

    @Test
    void withoutAStartValueTheBarStartsAtZero() {
        ObjectNode v = SyncCommand.Status.view(status(250, 50));
        assertThat(barLines(SyncCommand.Status.render(v, true, Map.of()))).containsExactly("  [" + ".".repeat(40) + "]   0.0 %");
        // a start smaller than the current backlog (backlog grew) is 0 %, never negative
        assertThat(barLines(SyncCommand.Status.render(v, true, Map.of("readings", 100L)))).containsExactly("  [" + ".".repeat(40) + "]   0.0 %");
    }

    @Test
    void noBarWithoutATerminal() {
        ObjectNode v = SyncCommand.Status.view(status(250, 50));
        String text = SyncCommand.Status.render(v, false, Map.of("readings", 1000L));
        assertThat(text).doesNotContain("[").doesNotContain(" %");
        assertThat(text).containsPattern("readings +9750 +250 +10000 ");
    }

    @Test
    void noBarWhenDrained() {
        ObjectNode v = SyncCommand.Status.view(status(0, 50));
        assertThat(v.path("draining").asBoolean()).isFalse();
        String text = SyncCommand.Status.render(v, true, Map.of("readings", 1000L));
        assertThat(barLines(text)).isEmpty();
        assertThat(text).doesNotContain(" %");
    }

    @Test
    void etaIsBacklogOverDrainRate() {
        ObjectNode v = SyncCommand.Status.view(status(250, 50));
        assertThat(v.path("streams").path("readings").path("etaSeconds").asLong()).isEqualTo(5);
        String text = SyncCommand.Status.render(v, false, Map.of());
        String row = text.lines().filter(l -> l.startsWith("readings")).findFirst().orElseThrow();
        assertThat(row).containsPattern(" 50\\.0 +5s$");
        assertThat(SyncCommand.Status.eta(300)).isEqualTo("5m");
        assertThat(SyncCommand.Status.eta(7260)).isEqualTo("2h1m");
        assertThat(SyncCommand.Status.eta(-1)).isEqualTo("?");
    }

    // --- the real command line, on a pseudo-terminal and on a pipe ---

    /** A config whose buffer is {@code data/agent.db}, and the status file beside that buffer, where the agent writes it. */
    private Path agentWithStatus(long backlog, double ackRate) throws IOException {
        Path cfg = dir.resolve("agent.yaml");
        Files.writeString(cfg, """
                gateway: gw1
                buffer: {path: data/agent.db}
                uplink:
                  broker: tcp://127.0.0.1:1883
                devices:
                  - id: fan1
                    host: 127.0.0.1
                    points:
                      - {name: freq, address: 0, table: holding, type: float32}
                """);
        Path buffer = dir.resolve("data/agent.db");
        Files.createDirectories(buffer.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(StatusFile.pathFor(buffer).toFile(), status(backlog, ackRate));
        return cfg;
    }

    private static List<String> cli(Path cfg) {
        List<String> cmd = new ArrayList<>();
        cmd.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("sync");
        cmd.add("status");
        cmd.add("--config");
        cmd.add(cfg.toString());
        return cmd;
    }

    private static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private record Result(int code, String out) {}

    private static Result run(List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        // stdin stays open (not at EOF) until the command has finished: `script` forwards it to the terminal
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        p.getOutputStream().close();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static String scriptCommand() {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            Path s = Path.of(d, "script");
            if (Files.isExecutable(s)) return s.toString();
        }
        for (String s : List.of("/usr/bin/script", "/bin/script")) {
            if (Files.isExecutable(Path.of(s))) return s;
        }
        return fail("this test needs `script` (util-linux) to run the command on a pseudo-terminal: "
                + "install util-linux (Debian: apt-get install util-linux)");
    }

    @Test
    void realTerminalGetsTheBarAndAPipeDoesNot() throws Exception {
        String script = scriptCommand();
        Path cfg = agentWithStatus(250, 50);
        List<String> cli = cli(cfg);

        String line = String.join(" ", cli.stream().map(SyncStatusCommandTest::shellQuote).toList());
        Result tty = run(List.of(script, "-qec", line, "/dev/null"));
        assertThat(tty.code()).as(tty.out()).isZero();
        assertThat(tty.out()).as(tty.out()).contains("gateway gw1: running, uplink connected");
        assertThat(tty.out()).as(tty.out()).containsPattern("(?m)^ +\\[[#.]{40}\\] +[0-9.]+ %\r?$");
        // a fresh command has just seen this backlog first: nothing of it drained yet
        assertThat(tty.out()).contains("  [" + ".".repeat(40) + "]   0.0 %");

        Result pipe = run(cli);
        assertThat(pipe.code()).as(pipe.out()).isZero();
        assertThat(pipe.out()).as(pipe.out()).contains("gateway gw1: running, uplink connected").containsPattern("readings +9750 +250 ");
        assertThat(pipe.out()).doesNotContain("[").doesNotContain(" %");
    }
}
