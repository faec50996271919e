package org.ecogate.agent.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23 item 1: the one line a view prints when the file on disk is not what the agent runs. */
class RunningConfigTest {
    private static final String CONFIG = FanLinePlant.HEAD + """
            devices:
              - id: fan1
                host: 127.0.0.1
                points:
                  - {name: freq, address: 0, table: holding, type: float32}
            """;

    @TempDir
    Path dir;

    @Test
    void sameFileNoNoteChangedFileSaysHowInvalidFileSaysWhere() throws Exception {
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, CONFIG);
        String running = RunningConfig.digest(f);
        assertThat(RunningConfig.note(f, running, "showing the running agent")).isNull();

        Files.writeString(f, CONFIG.replace("gw1", "gw2"));
        assertThat(RunningConfig.note(f, running, "showing the running agent")).isEqualTo("the file on disk differs from the "
                + "running config: changed since the agent loaded it and not applied (systemctl reload ecogate, or SIGHUP); showing the running agent");

        Files.writeString(f, CONFIG.replace("    host: 127.0.0.1\n", "    host: 127.0.0.1\n    intervall: 1s\n"));
        assertThat(RunningConfig.note(f, running, "showing the running agent"))
                .startsWith("the file on disk differs from the running config: " + f + ":8: devices[0]: unknown key 'intervall'")
                .endsWith("; showing the running agent");

        Files.writeString(f, CONFIG);
        assertThat(RunningConfig.difference(f, running)).as("put back as it was").isNull();
    }
}
