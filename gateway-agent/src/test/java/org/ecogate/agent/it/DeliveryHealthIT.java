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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23 item 2: the platform (receiver) goes down while the broker stays up. Within 2 x the ack timeout the
 * agent says "platform not answering" with the age of the last confirmation, and the health turns yellow with that
 * reason, in {@code status --json}, {@code /metrics} and the page. A real agent process, mosquitto and receiver.
 */
class DeliveryHealthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ACK_TIMEOUT_MS = 5_000;

    @TempDir
    Path dir;

    @Test
    void aSilentPlatformBehindAConnectedBrokerIsSaidWithTheLastConfirmationsAge() throws Exception {
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig(RunningAgentViewsIT.DETECTION);
            Files.writeString(cfg, Files.readString(cfg).replace("  ackTimeout: 1s\n", "  ackTimeout: 5s\n  latency: 1s\n"));
            rig.startAgentAndWait(cfg, "agent.log");
            String url = awaitWeb(Path.of(rig.agentDb() + ".status.json"));
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.currentTimeMillis() + 20_000;
            JsonNode d = delivery(http, url);
            while (!(d.path("state").asText().equals("ok") && d.path("lastConfirmed").asLong() > 0 && healthOf(http, url).equals("green"))) {
                assertThat(System.currentTimeMillis()).as("delivering and green first: %s", d).isLessThan(deadline);
                Thread.sleep(200);
                d = delivery(http, url);
            }

            // the command once before, in this JVM: its class loading is no part of the agent's answer (load ~30 here)
            assertThat(CliRun.of(Main::execute, "status", "-c", cfg.toString(), "--json").code()).isZero();
            rig.receiver.close(); // the platform stops answering; the broker stays up
            long down = System.currentTimeMillis();
            while (!d.path("state").asText().equals("platform not answering")) {
                assertThat(System.currentTimeMillis() - down).as("said within 2 x ackTimeout: %s", d).isLessThan(2 * ACK_TIMEOUT_MS);
                Thread.sleep(100);
                d = delivery(http, url);
            }
            System.out.println("platform not answering said by /api/status " + (System.currentTimeMillis() - down)
                    + " ms after the receiver stopped (ackTimeout " + ACK_TIMEOUT_MS + " ms, latency 1 s)");
            // the command in this JVM: a JVM start takes up to 10 s on this loaded machine, the agent's answer does not
            String metrics = get(http, url + "metrics");
            String page = get(http, url + "?lang=en");
            String pageZh = get(http, url + "?lang=zh-CN");
            CliRun cli = CliRun.of(Main::execute, "status", "-c", cfg.toString(), "--json");
            long seen = System.currentTimeMillis() - down;
            assertThat(seen).as("status --json, /metrics and the page read within 2 x ackTimeout").isLessThan(2 * ACK_TIMEOUT_MS);
            assertThat(cli.code()).as(cli.err()).isZero();

            System.out.println("status --json, /metrics and the page read " + seen + " ms after the receiver stopped");
            JsonNode st = JSON.readTree(cli.out());
            System.out.println("delivery: " + st.path("delivery") + "\nhealth: " + st.path("health") + " " + st.path("healthReasons"));
            metrics.lines().filter(l -> l.contains("delivery_state") || l.contains("confirmed") || l.startsWith("ecogate_health"))
                    .forEach(System.out::println);
            JsonNode sync = st.path("delivery").get(0);
            assertThat(sync.path("uplink").asText()).isEqualTo("sync");
            assertThat(sync.path("state").asText()).isEqualTo("platform not answering");
            assertThat(sync.path("lastConfirmedSecondsAgo").asLong()).isBetween(5L, 10L);
            assertThat(sync.path("oldestUnconfirmedSecondsAgo").asLong()).isGreaterThanOrEqualTo(5L);
            assertThat(st.path("uplink").path("connected").asBoolean()).as("the broker is up").isTrue();
            assertThat(st.path("health").asText()).isEqualTo("yellow");
            assertThat(st.path("plantHealth").asText()).isEqualTo("green");
            assertThat(st.path("healthReasons").toString()).contains("platform not answering: broker connected, but last confirmed ");

            assertThat(metrics).contains("ecogate_uplink_delivery_state{uplink=\"sync\",state=\"platform not answering\",colour=\"yellow\"} 1")
                    .containsPattern("ecogate_uplink_last_confirmed_seconds\\{uplink=\"sync\"} ([5-9]|10)\n")
                    .contains("ecogate_health{colour=\"yellow\"} 1");
            assertThat(page).contains("data-health=\"yellow\"").contains("data-state=\"platform not answering\"")
                    .containsPattern("last confirmed by the platform ([5-9]|10) s ago")
                    .contains("<li class=bad>uplink sync: PLATFORM NOT ANSWERING (broker connected)</li>");
            assertThat(pageZh).contains("平台未应答").contains("平台最近确认于");
        }
    }

    private static JsonNode delivery(HttpClient http, String url) throws Exception {
        return JSON.readTree(get(http, url + "api/status")).path("delivery").get(0);
    }

    private static String healthOf(HttpClient http, String url) throws Exception {
        return JSON.readTree(get(http, url + "api/status")).path("health").asText();
    }

    private static String get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static String awaitWeb(Path statusFile) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(statusFile)) {
                try {
                    JsonNode st = JSON.readTree(statusFile.toFile());
                    if (st.hasNonNull("web")) return st.path("web").asText();
                } catch (java.io.IOException partial) {
                    // being replaced; read again
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no web address in " + statusFile);
    }
}
