package org.ecogate.agent.cli;

import org.ecogate.sync.testkit.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: what {@code buffer export} writes, {@code detect} replays (devices interleave by milliseconds in commit
 * order); times are the site's (+08:00 in the fixture's config); detect warns about points it does not know.
 */
class ExportReplayTest {
    @TempDir
    Path dir;

    @Test
    void bufferExportReplaysWithDetectInSiteTime() throws Exception {
        Path src = Path.of("src/test/resources/fixtures");
        Files.copy(src.resolve("buffer-v1.db"), dir.resolve("buffer-v1.db"));
        Path cfg = Files.copy(src.resolve("buffer-v1.yaml"), dir.resolve("buffer-v1.yaml"));

        CliRun export = CliRun.of(Main::execute, "buffer", "export", "-c", cfg.toString(), "--from", "2026-11-29T00:00:00Z", "--to", "2026-12-01T00:00:00Z");
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out().lines().skip(1).findFirst().orElseThrow()).matches("2026-11-30T03:57:12\\.791\\+08:00,line1\\.kw,[\\d.]+,good");
        Path csv = Files.writeString(dir.resolve("export.csv"), export.out());

        CliRun detect = CliRun.of(Main::execute, "detect", "-c", cfg.toString(), "--readings", csv.toString());
        assertThat(detect.code()).as(detect.err()).isZero();
        assertThat(detect.err()).isEmpty();
        assertThat(detect.out()).containsPattern("2026-11-30T03:57:12\\.791\\+08:00  outage +tf1 +OPEN +equipment: fan1 \\(STOPPED\\)")
                .contains("1 event, 1 still open at the end of the readings");

        Path renamed = Files.writeString(dir.resolve("renamed.csv"), export.out().replace("fan1.", "fan9."));
        CliRun unknown = CliRun.of(Main::execute, "detect", "-c", cfg.toString(), "--readings", renamed.toString());
        assertThat(unknown.err()).contains("warning: " + renamed + ": 4 points are unknown to " + cfg + ": fan9.current, fan9.freq, fan9.run, fan9.speed");
    }
}
