package org.ecogate.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.sim.demo.DemoResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, reload: SIGHUP to a real agent process. A bad file is refused with its line and the agent keeps polling
 * with the old config; a good one adds, changes and removes devices while the others keep running, the detector
 * keeps its state (no equipment starts over from UNKNOWN), and the platform still gets every committed reading
 * exactly once.
 */
class ReloadIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String FAN_ONLY = """
            web: {port: 0}
            detection:
              equipment:
                - {id: fan1, template: fan, debounce: 1s}
            """;

    @Test
    void sighupAppliesAGoodConfigAndRefusesABadOne() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(FAN_ONLY);
            String full = Files.readString(cfg);
            // start with fan1 only: the same file without line1's device block
            String fanOnly = full.replaceAll("(?s)  - id: line1\n.*?(?=web:)", "");
            Files.writeString(cfg, fanOnly);
            Process agent = rig.startAgentAndWait(cfg, "agent.log");
            rig.awaitLog("agent.log", "equipment \"fan1\": UNKNOWN -> RUNNING", 20_000);

            // a bad file: refused, said why with file and line, old config keeps polling
            Files.writeString(cfg, fanOnly.replace("    interval: 200ms\n", "    interval: 200ms\n    intervall: 1s\n"));
            long cyclesBefore = status(rig).path("cycles").asLong();
            hup(agent);
            rig.awaitLog("agent.log", "config reload refused, kept the running config: " + cfg + ":", 10_000);
            assertThat(rig.log("agent.log")).containsPattern("agent\\.yaml:\\d+: devices\\[0]: unknown key 'intervall'");
            Thread.sleep(1500);
            JsonNode st = status(rig);
            assertThat(st.path("cycles").asLong()).isGreaterThan(cyclesBefore);
            assertThat(st.path("lastReload").path("applied").asBoolean()).isFalse();

            // add line1 with its equipment, change fan1's timeout
            Files.writeString(cfg, full.replaceFirst("    timeout: 300ms\n", "    timeout: 400ms\n")
                    .replace("- {id: fan1, template: fan, debounce: 1s}", "- {id: fan1, template: fan, debounce: 1s}\n    - {id: line1, template: meter, debounce: 1s}"));
            hup(agent);
            rig.awaitLog("agent.log", "config reload applied: devices added line1; removed none; changed fan1; 0 connections unchanged", 10_000);
            rig.awaitLog("agent.log", "equipment \"line1\": UNKNOWN -> RUNNING", 10_000);
            Thread.sleep(1500);
            st = status(rig);
            assertThat(st.path("devices").has("line1")).isTrue();
            assertThat(st.path("equipment").path("fan1").asText()).isEqualTo("RUNNING");

            // remove fan1 and its equipment
            Files.writeString(cfg, full.replaceAll("(?s)  - id: fan1\n.*?(?=  - id: line1)", "")
                    .replace("- {id: fan1, template: fan, debounce: 1s}", "- {id: line1, template: meter, debounce: 1s}"));
            hup(agent);
            rig.awaitLog("agent.log", "config reload applied: devices added none; removed fan1; changed none; 1 connections unchanged", 10_000);
            Thread.sleep(1500);
            st = status(rig);
            assertThat(st.path("devices").has("fan1")).isFalse();
            assertThat(st.path("equipment").path("line1").asText()).isEqualTo("RUNNING");

            // the detector never started over: each equipment left UNKNOWN once
            String log = rig.log("agent.log");
            assertThat(log.split("equipment \"fan1\": UNKNOWN ->", -1)).hasSize(2);
            assertThat(log.split("equipment \"line1\": UNKNOWN ->", -1)).hasSize(2);
            assertThat(Rig.stop(agent)).isIn(0, 143);
            rig.awaitQuiet();
            DemoResult r = rig.compare();
            assertThat(r.acquired()).isPositive();
            assertThat(r.lost()).isZero();
            assertThat(r.duplicates()).isZero();
        }
    }

    private static JsonNode status(Rig rig) throws Exception {
        return JSON.readTree(Path.of(rig.agentDb() + ".status.json").toFile());
    }

    private static void hup(Process p) throws Exception {
        Process k = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
        assertThat(k.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(k.exitValue()).isZero();
    }
}
