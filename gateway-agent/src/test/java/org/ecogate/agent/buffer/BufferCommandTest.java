package org.ecogate.agent.buffer;

import org.ecogate.sync.testkit.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 5, part 4: {@code ecogate buffer stats} and {@code ecogate buffer export}, run as the command line runs them. */
class BufferCommandTest {
    private static final long T0 = 1_780_000_000_000L; // 2026-05-28T20:26:40Z

    @TempDir
    Path dir;

    private Path config() throws Exception {
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
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("data/agent.db"))) {
            for (int i = 0; i < 10; i++) {
                b.appendCycle(List.of(Reading.good("fan1.freq", T0 + 1000L * i, 49.5 + i),
                                Reading.missing("fan1.current", T0 + 1000L * i, Quality.COMM_FAULT)),
                        i == 3 ? List.of(new Doc(Buffer.EVENTS, "e1", T0 + 3000, "{\"id\":\"e1\"}")) : List.of(), null);
            }
            b.markAcked(Buffer.READINGS, 12);
        }
        return cfg;
    }

    private static CliRun run(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "buffer";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.of(org.ecogate.agent.cli.Main::execute, all);
    }

    // issue 5
    @Test
    void statsPrintsRowsBytesOldestAndPerStreamCounters() throws Exception {
        Path cfg = config();
        CliRun r = run("stats", "--config", cfg.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("21 rows").contains("oldest 2026-05-28T20:26:40Z");
        assertThat(r.out()).containsPattern("readings +20 +20 +12 +8");
        assertThat(r.out()).containsPattern("events +1 +1 +0 +1");
        JsonNode j = new ObjectMapper().readTree(run("stats", "--config", cfg.toString(), "--json").out());
        assertThat(j.path("streams").get(3).path("stream").asText()).isEqualTo("readings");
        assertThat(j.path("streams").get(3).path("backlog").asLong()).isEqualTo(8);
        assertThat(j.path("fileBytes").asLong()).isPositive();
    }

    // issue 5
    @Test
    void exportWritesCsvOfTheTimeRangeAndPoint() throws Exception {
        Path cfg = config();
        CliRun r = run("export", "--config", cfg.toString(), "--from", "2026-05-29T04:26:42+08:00", "--to", Long.toString(T0 + 4000),
                "--point", "fan1.freq", "--csv");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                time,point,value,quality
                2026-05-28T20:26:42Z,fan1.freq,51.5,good
                2026-05-28T20:26:43Z,fan1.freq,52.5,good
                """);
        CliRun all = run("export", "--config", cfg.toString(), "--from", Long.toString(T0), "--to", Long.toString(T0 + 1000), "--csv");
        assertThat(all.out()).contains("fan1.current,,comm_fault".replace("comm_fault", Quality.COMM_FAULT.code()));
        assertThat(all.out().lines()).hasSize(3);
    }

    // issue 5
    @Test
    void badInputExitsWithTwo() throws Exception {
        Path cfg = config();
        assertThat(run("export", "--config", cfg.toString(), "--from", "yesterday", "--to", "1").code()).isEqualTo(2);
        assertThat(run("export", "--config", cfg.toString(), "--from", "5", "--to", "1").code()).isEqualTo(2);
        assertThat(run("stats", "--config", dir.resolve("missing.yaml").toString()).code()).isEqualTo(2);
        Files.writeString(dir.resolve("other.yaml"), Files.readString(cfg).replace("data/agent.db", "none.db"));
        assertThat(run("stats", "--config", dir.resolve("other.yaml").toString()).code()).isEqualTo(1);
    }
}
