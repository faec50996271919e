package org.ecogate.agent.detect;

import org.ecogate.agent.runtime.ReadingsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 3: {@code ecogate detect} prints events for people, and names file:line for bad input (exit 2). */
class DetectCommandTest {
    private static final Path CASE = Path.of("../testcases/outage-27min");

    // issue 3
    @Test
    void humanOutputOpenUpdateCloseWithDuration() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = GoldenReplayTest.run(out, err, "--config", CASE.resolve("config.yaml").toString(),
                "--readings", CASE.resolve("readings.csv").toString());
        assertThat(rc).isZero();
        assertThat(out.toString()).contains(
                "2026-11-20T10:15:00+08:00  outage    tf1           OPEN    equipment: cond1 (STOPPED), fan1 (STOPPED)",
                "2026-11-20T10:42:00+08:00  outage    tf1           CLOSE   equipment: cond1 (STOPPED), fan1 (STOPPED), esp1 (ABNORMAL)  duration 27 min",
                "1 event, 0 still open");
    }

    // issue 3
    @Test
    void badRowsNameFileAndLineExit2(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("r.csv");
        String[][] cases = {
                {"1795140000000,fan1.freq,abc", "r.csv:1: bad value 'abc'"},
                {"time,point,value\n1795140000000,fan1.freq", "r.csv:2: expected time,point,value[,quality], found 2 columns"},
                {"1795140000000,fan1.freq,1,broken", "r.csv:1: bad quality 'broken'"},
                {"1795140000000,freq,1", "r.csv:1: bad point 'freq'"},
        };
        for (String[] c : cases) {
            Files.writeString(csv, c[0] + "\n");
            StringWriter out = new StringWriter(), err = new StringWriter();
            int rc = GoldenReplayTest.run(out, err, "--config", CASE.resolve("config.yaml").toString(), "--readings", csv.toString());
            assertThat(rc).as(c[0]).isEqualTo(2);
            assertThat(err.toString()).as(c[0]).contains(c[1]);
        }
    }

    // issue 3
    @Test
    void badConfigExit2NamesPath(@TempDir Path dir) throws Exception {
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, "detection:\n  equipment:\n    - {id: fan1, template: blower}\n");
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = GoldenReplayTest.run(out, err, "--config", cfg.toString(), "--readings", CASE.resolve("readings.csv").toString());
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("c.yaml: detection.equipment[0].template: unknown template 'blower'");
        rc = GoldenReplayTest.run(out, err, "--config", dir.resolve("nope.yaml").toString(), "--readings", "x.csv");
        assertThat(rc).isEqualTo(2);
        assertThat(err.toString()).contains("nope.yaml: file not found");
    }

    // issue 3
    @Test
    void epochTimesAndMissingValuesAreAccepted() throws Exception {
        ReadingsCsv.Parsed p = ReadingsCsv.parse("x.csv", java.util.List.of(
                "# comment", "1795140000000,fan1.freq,49.5", "1795140001000,fan1.freq,,comm_fault", "1795140002000,fan1.freq,"));
        assertThat(p.offset()).isNull();
        assertThat(p.readings()).hasSize(3);
        assertThat(p.readings().get(1).value()).isNull();
        assertThat(p.readings().get(2).value()).isNull();
    }
}
