package org.ecogate.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outage detection in the running agent with real parts: the fan stops while the line produces → one outage event
 * reaches the platform within 2 s of being emitted; the agent is SIGKILLed while the outage is open and restarted →
 * the same outage continues (same id, no second "open"); the fan restarts → the outage closes.
 */
class DetectionIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String DETECTION = """
            detection:
              equipment:
                - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                - {id: line1, template: meter, debounce: 1s, offlineAfter: 3s}
              facilities:
                - {id: tf1, equipment: [fan1], production: [line1], grace: 1s}
            """;

    private record Stored(JsonNode event, long receivedAt) {}

    private static List<Stored> events(Path platformDb) throws Exception {
        List<Stored> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + platformDb.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT body, received_at FROM record WHERE stream='events' ORDER BY rowid")) {
            while (rs.next()) out.add(new Stored(JSON.readTree(rs.getString(1)), rs.getLong(2)));
        }
        return out;
    }

    private static List<Stored> outages(Path db, String status) throws Exception {
        return events(db).stream().filter(s -> s.event().path("type").asText().equals("outage")
                && s.event().path("status").asText().equals(status)).toList();
    }

    private static List<Stored> await(Path db, String status, long timeoutMs) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            List<Stored> s = outages(db, status);
            if (!s.isEmpty()) return s;
            Thread.sleep(100);
        }
        return outages(db, status);
    }

    @Test
    void anOutageOpensReachesThePlatformFastSurvivesASigkillAndCloses() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(DETECTION);
            Path platform = dir.resolve("platform.db");
            Process first = rig.startAgentAndWait(cfg, "agent-1.log");
            rig.awaitLog("agent-1.log", "equipment \"line1\": UNKNOWN -> RUNNING", 15_000);
            rig.awaitLog("agent-1.log", "equipment \"fan1\": UNKNOWN -> RUNNING", 15_000);
            assertThat(outages(platform, "open")).as("no outage while everything runs").isEmpty();

            long stoppedAt = System.currentTimeMillis();
            rig.plant.device("fan1").stop();
            List<Stored> open = await(platform, "open", 10_000);
            assertThat(open).as("outage opened; agent log:\n%s", rig.log("agent-1.log")).hasSize(1);
            JsonNode ev = open.get(0).event();
            long emittedAt = ev.path("emittedAt").asLong();
            // debounce 1 s + grace 1 s + one 200 ms poll interval (+ the plant's 200 ms update tick, + scheduling)
            assertThat(emittedAt - stoppedAt).as("detection latency ms").isLessThanOrEqualTo(2_000 + 200 + 200 + 400);
            assertThat(open.get(0).receivedAt() - emittedAt).as("emitted → stored at the platform, ms").isLessThanOrEqualTo(2_000);
            assertThat(ev.path("facility").asText()).isEqualTo("tf1");
            assertThat(ev.path("equipment").toString()).contains("fan1");
            String id = ev.path("id").asText();

            // The technician's view of the running agent.
            Process events = rig.startCli(dir.resolve("events.out"), "events", "--config", cfg.toString(), "--open", "--json");
            assertThat(events.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(events.exitValue()).as(rig.log("events.out")).isZero();
            JsonNode listed = JSON.readTree(rig.log("events.out"));
            assertThat(listed).hasSize(1);
            JsonNode e0 = listed.get(0);
            for (String f : List.of("id", "type", "facility", "start", "end", "durationSeconds", "equipment", "level")) {
                assertThat(e0.has(f)).as("events --json has field %s: %s", f, e0).isTrue();
            }
            assertThat(e0.path("id").asText()).isEqualTo(id);
            assertThat(e0.path("end").isNull()).isTrue();
            assertThat(e0.path("start").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*(Z|[+-]\\d\\d:\\d\\d)");
            Process status = rig.startCli(dir.resolve("status.out"), "status", "--config", cfg.toString());
            assertThat(status.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(rig.log("status.out")).contains("health: red").contains("fan1=STOPPED").contains("line1=RUNNING")
                    .contains("outage");
            assertThat(status.exitValue()).isZero();

            Process sync = rig.startCli(dir.resolve("sync.out"), "sync", "status", "--config", cfg.toString(), "--json");
            assertThat(sync.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            JsonNode ss = JSON.readTree(rig.log("sync.out"));
            assertThat(ss.path("streams").path("events").path("lastSeq").asLong()).as("sync status: %s", ss).isPositive();
            assertThat(ss.path("streams").path("events").path("backlogRecords").asLong()).as("events backlog known").isNotNegative();
            assertThat(ss.path("streams").path("readings").path("lastSeq").asLong()).isPositive();
            assertThat(sync.exitValue()).isZero();

            first.destroyForcibly().waitFor();
            Process second = rig.startAgentAndWait(cfg, "agent-2.log");
            assertThat(rig.log("agent-2.log")).contains("open events continue");
            rig.plant.device("fan1").start();
            List<Stored> closed = await(platform, "close", 10_000);
            Rig.stop(second);
            rig.awaitQuiet();

            assertThat(closed).as("outage closed; log:\n%s", rig.log("agent-2.log")).hasSize(1);
            assertThat(closed.get(0).event().path("id").asText()).as("the same outage continued across the restart").isEqualTo(id);
            assertThat(outages(platform, "open")).as("opened once, not reopened after the restart").hasSize(1);
            assertThat(closed.get(0).event().path("durationSeconds").asLong()).isBetween(3L, 15L);
            assertThat(rig.compare().lost()).isZero();
            assertThat(rig.compare().duplicates()).isZero();
        }
    }
}
