package org.ecogate.agent.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, live view: a real agent serves its page, /api/values and /metrics on loopback behind a password (from
 * a passwordFile); {@code ecogate values} reads it; headless Chromium renders the page and the screenshot's header
 * has the health colour; the password appears in no output, log or status file. Issue 23: at 1280 and 390 px, with
 * Accept-Language zh-CN and en, the DOM has the facility view first with its answers, the delivery and devices
 * sections, in the browser's language, and ?lang= switches it (screenshots kept in target/local-web-LANG-WIDTH.png).
 */
class LocalWebIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Integer> COLOURS = Map.of("green", 0x2e7d32, "yellow", 0xf9a825, "red", 0xc62828);

    @TempDir
    Path dir;

    @Test
    void pageValuesAndMetricsOfARunningAgent() throws Exception {
        String password = "pw-" + Long.toHexString(System.nanoTime());
        Files.writeString(dir.resolve("web.password"), password + "\n");
        try (Rig rig = new Rig(dir, Rig.PLANT)) {
            Path cfg = rig.agentConfig("""
                    web: {port: 0, passwordFile: web.password}
                    log: {level: debug}
                    detection:
                      timezone: "+08:00"
                      equipment:
                        - {id: fan1, template: fan, debounce: 1s}
                        - {id: line1, template: meter, debounce: 1s}
                      facilities:
                        - {id: tf1, equipment: [fan1], production: [line1], grace: 1s}
                    """);
            rig.startAgentAndWait(cfg, "agent.log");
            Path statusFile = Path.of(rig.agentDb() + ".status.json");
            String url = awaitWeb(statusFile);
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/");

            HttpClient http = HttpClient.newHttpClient();
            String auth = "Basic " + Base64.getEncoder().encodeToString(("ecogate:" + password).getBytes(StandardCharsets.UTF_8));
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url + "api/values")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            String metrics = http.send(HttpRequest.newBuilder(URI.create(url + "metrics")).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("ecogate_poll_cycles_total\\{device=\"fan1\"} [1-9]")
                    .contains("ecogate_poll_failures_total{device=\"line1\"} 0", "ecogate_uplink_connected{uplink=\"sync\"} 1",
                            "ecogate_backlog_records{uplink=\"sync\",stream=\"readings\"} ", "# TYPE ecogate_buffer_file_bytes gauge",
                            "# TYPE ecogate_clock_steps_total counter", "ecogate_clock_steps_total 0\n");

            // the technician's command, as a real process
            Path valuesOut = dir.resolve("values.json");
            Process v = rig.startCli(valuesOut, "values", "-c", cfg.toString(), "--json");
            assertThat(v.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(v.exitValue()).as(Files.readString(valuesOut)).isZero();
            JsonNode values = JSON.readTree(Files.readString(valuesOut));
            assertThat(values.path("points")).hasSize(7);
            JsonNode freq = values.path("points").get(0);
            assertThat(freq.path("point").asText()).isEqualTo("fan1.freq");
            assertThat(freq.path("quality").asText()).isEqualTo("good");
            assertThat(freq.path("time").asText()).endsWith("+08:00");
            assertThat(freq.path("trend").size()).isPositive();
            Path tableOut = dir.resolve("values.txt");
            Process t = rig.startCli(tableOut, "values", "-c", cfg.toString());
            assertThat(t.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(tableOut)).containsPattern("(?m)^fan1\\.freq\\s+\\d+(\\.\\d+)?\\s+good\\s+\\d+s\\s+20\\d\\d-")
                    .containsPattern("(?m)^POINT\\s+VALUE\\s+UNIT\\s+QUALITY\\s+AGE\\s+TIME\\s+EQUIPMENT$");

            // the page in a real browser
            Path png = dir.resolve("page.png");
            Process chromium = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")), "--window-size=1000,900",
                    "--screenshot=" + png, url.replace("http://", "http://ecogate:" + password + "@"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile()).start();
            assertThat(chromium.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
            String health = http.send(HttpRequest.newBuilder(URI.create(url + "api/status")).header("Authorization", auth).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (Files.exists(png)) Files.copy(png, Path.of("target/local-web-page.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as("screenshot " + png + "; " + Files.readString(dir.resolve("chromium.log"))).isNotNull();
            assertThat(img.getWidth()).isEqualTo(1000);
            int header = img.getRGB(5, 5) & 0xffffff;
            assertThat(COLOURS.values()).as("header colour %06x", header).contains(header);
            assertThat(health).contains("\"health\":\"" + COLOURS.entrySet().stream().filter(e -> e.getValue() == header)
                    .findFirst().orElseThrow().getKey() + "\"");
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < img.getHeight(); y += 3) for (int x = 0; x < img.getWidth(); x += 3) colours.add(img.getRGB(x, y));
            assertThat(colours.size()).as("a page with text, chips and trends, not a blank or error page").isGreaterThan(50);

            // issue 23: the page a supervisor reads first, on a desk and on a phone, in Chinese and in English
            String authUrl = url.replace("http://", "http://ecogate:" + password + "@");
            rig.awaitLog("agent.log", "equipment \"fan1\": UNKNOWN -> RUNNING", 20_000);
            rig.awaitLog("agent.log", "equipment \"line1\": UNKNOWN -> RUNNING", 20_000);
            for (String lang : new String[] {"zh-CN", "en"}) {
                String dom = chromium(lang, 1280, "--dump-dom", authUrl);
                boolean zh = lang.equals("zh-CN");
                assertThat(dom).as("language from Accept-Language " + lang).contains("<html lang=\"" + lang + "\">");
                assertThat(dom).as("viewport for phones").contains("name=\"viewport\"");
                assertThat(section(dom, "facilities")).as("the facility view comes first, under the header")
                        .contains(zh ? "治理设施" : "Facilities").contains("data-facility=\"tf1\"")
                        .contains("data-production=\"running\"").contains("data-treatment=\"running\"").contains("data-outage=\"none\"")
                        .contains(zh ? "生产是否运行？" : "Production running?").contains(zh ? "是，运行中" : "yes, running");
                assertThat(dom.indexOf("id=\"facilities\"")).as("facilities before equipment, delivery, devices and values")
                        .isLessThan(dom.indexOf("id=\"equipment\"")).isLessThan(dom.indexOf("id=\"delivery\""))
                        .isLessThan(dom.indexOf("id=\"devices\"")).isLessThan(dom.indexOf("id=\"values\""));
                assertThat(section(dom, "delivery")).contains("data-state=\"ok\"").contains(zh ? "平台正常确认" : "the platform confirms");
                assertThat(section(dom, "devices")).contains("data-device=\"fan1\"").contains(zh ? "在线" : "online");
                assertThat(dom).contains("hreflang=\"zh-CN\" href=\"/?lang=zh-CN\"").contains("hreflang=\"en\" href=\"/?lang=en\"");
                for (int width : new int[] {1280, 390}) {
                    Path shot = dir.resolve("page-" + lang + "-" + width + ".png");
                    chromium(lang, width, "--screenshot=" + shot, authUrl);
                    BufferedImage page = ImageIO.read(shot.toFile());
                    assertThat(page).as(shot.toString()).isNotNull();
                    assertThat(page.getWidth()).isEqualTo(width);
                    Files.copy(shot, Path.of("target/local-web-" + lang + "-" + width + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // the switch: a Chinese browser asking for English gets English, and the reverse
            assertThat(chromium("zh-CN", 390, "--dump-dom", authUrl + "?lang=en")).contains("<html lang=\"en\">").contains("Facilities");
            assertThat(chromium("en", 390, "--dump-dom", authUrl + "?lang=zh-CN")).contains("<html lang=\"zh-CN\">").contains("治理设施");

            // the password is never printed
            for (Path f : new Path[] {valuesOut, tableOut, dir.resolve("agent.log"), statusFile}) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain(password);
            }
        }
    }

    /** The part of a dumped DOM from {@code <section id="ID"} to its end. */
    private static String section(String dom, String id) {
        int from = dom.indexOf("<section id=\"" + id + "\"");
        assertThat(from).as("section " + id + " in the page").isNotNegative();
        return dom.substring(from, dom.indexOf("</section>", from));
    }

    /** Runs headless Chromium with {@code Accept-Language: lang} at {@code width} px; returns its stdout (the DOM for --dump-dom). */
    private String chromium(String lang, int width, String mode, String url) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-");
        Path out = dir.resolve(profile.getFileName() + ".out");
        Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--lang=" + lang, "--accept-lang=" + lang, "--hide-scrollbars",
                "--window-size=" + width + "," + (width < 600 ? 1700 : 1300), mode, url)
                .redirectError(dir.resolve(profile.getFileName() + ".err").toFile()).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return Files.readString(out);
    }

    private static String awaitWeb(Path statusFile) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(statusFile)) {
                JsonNode st = JSON.readTree(statusFile.toFile());
                if (st.hasNonNull("web")) return st.path("web").asText();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no web address in " + statusFile);
    }
}
