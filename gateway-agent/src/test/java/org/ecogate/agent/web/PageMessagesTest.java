package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 23 item 3: every word of the page comes from the one catalogue, in English and zh-CN; the browser's
 * Accept-Language picks the language and ?lang= switches it; the page renders the facility view first.
 */
class PageMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyKeyThePageUsesIsInTheCatalogueInBothLanguages() throws Exception {
        List<String> keys = new ArrayList<>();
        Pattern literal = Pattern.compile("t\\.get\\(\"([a-zA-Z.]+)\"");
        for (String f : List.of("Page.java", "PageSections.java")) {
            Matcher m = literal.matcher(Files.readString(Path.of("src/main/java/org/ecogate/agent/web", f)));
            while (m.find()) if (!m.group(1).endsWith(".")) keys.add(m.group(1));
        }
        assertThat(keys).hasSizeGreaterThan(30);
        // the keys built from values: states, answers, delivery states, connection states, event types, colours
        for (String s : List.of("RUNNING", "STOPPED", "ABNORMAL", "OFFLINE", "UNKNOWN")) keys.add("state." + s);
        for (String s : List.of("running", "stopped", "unknown", "always")) keys.add("answer." + s);
        for (String s : List.of("ok", "platform not answering", "broker unreachable", "not connected")) keys.add("delivery." + s);
        for (String s : List.of("online", "retrying", "offline")) keys.add("conn." + s);
        for (String s : List.of("outage", "data_gap", "warning")) keys.add("event." + s);
        for (String s : List.of("green", "yellow", "red")) keys.add("health." + s);
        assertThat(PageText.missing(keys)).isEmpty();
        for (Map.Entry<String, Map<String, String>> e : PageText.catalogue().entrySet()) {
            assertThat(e.getValue().keySet()).as(e.getKey()).containsExactlyInAnyOrder("en", "zh-CN");
            String en = e.getValue().get("en");
            for (int i = 0; i < 6; i++) {
                assertThat(e.getValue().get("zh-CN").contains("{" + i + "}")).as(e.getKey() + " {" + i + "}").isEqualTo(en.contains("{" + i + "}"));
            }
        }
    }

    @Test
    void acceptLanguagePicksAndTheSwitchWins() {
        assertThat(PageText.choose(null, "zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo("zh-CN");
        assertThat(PageText.choose(null, "en-US,en;q=0.9,zh-TW;q=0.5")).isEqualTo("en");
        assertThat(PageText.choose(null, "fr-FR, zh;q=0.7")).isEqualTo("zh-CN");
        assertThat(PageText.choose(null, null)).isEqualTo("en");
        assertThat(PageText.choose("lang=en", "zh-CN")).isEqualTo("en");
        assertThat(PageText.choose("x=1&lang=zh-cn", "en")).isEqualTo("zh-CN");
        assertThat(PageText.choose("lang=de", "zh")).isEqualTo("zh-CN");
    }

    @Test
    void thePageOpensWithTheFacilitiesAndSaysWhyItIsRed() throws Exception {
        long now = 1_800_000_000_000L;
        JsonNode st = JSON.readTree("""
                {"gateway":"gw1","health":"red","equipment":{"fan1":"STOPPED","line1":"RUNNING"},
                 "openEvents":[{"type":"outage","facility":"tf1","start":%d,"equipment":["fan1"]}],
                 "devices":{"fan1":"retrying"},"deviceErrors":{"fan1":{"error":"timeout after 300 ms","time":%d}},
                 "facilities":[{"id":"tf1","production":"running","treatment":"stopped","abnormal":["fan1"],"outageSince":%d}],
                 "delivery":[{"uplink":"sync","state":"ok","health":"green","lastConfirmed":%d,"oldestUnconfirmed":0}],
                 "lastReload":{"time":%d,"applied":false,"message":"kept the running config: a.yaml:3: x"},
                 "configNote":"a.yaml:3: x","buffer":{"fileBytes":2048}}
                """.formatted(now - 600_000, now - 5_000, now - 600_000, now - 2_000, now - 60_000));
        JsonNode values = JSON.readTree("{\"timezone\":\"+08:00\",\"points\":[]}");
        String zh = Page.render(st, values, PageText.of("zh-CN"), now);
        assertThat(zh).startsWith("<!doctype html><html lang=zh-CN>").contains("<meta name=viewport")
                .contains("data-facility=\"tf1\" data-production=running data-treatment=stopped data-outage=open")
                .contains("否：fan1 停止或异常").contains("自 2027-01-15 15:50:00 起（10 分钟）")
                .contains("治理设施 tf1 停运告警").contains("timeout after 300 ms").contains("磁盘上的配置文件与正在运行的配置不同：a.yaml:3: x")
                .contains("平台最近确认于 2 秒前").contains("被拒绝");
        assertThat(zh.indexOf("id=facilities")).isLessThan(zh.indexOf("id=equipment"));
        String en = Page.render(st, values, PageText.of("en"), now);
        assertThat(en).contains("<html lang=en>").contains("NO: fan1 stopped or abnormal").contains("OPEN since 2027-01-15 15:50:00 (10 min)")
                .contains("last confirmed by the platform 2 s ago").contains("REFUSED at");
    }

    // issue 23: the page's open warning said "warning tf1 since ..., equipment: " without its point
    @Test
    void anOpenWarningOnThePageNamesItsPoint() {
        long now = 1_800_000_000_000L;
        com.fasterxml.jackson.databind.node.ObjectNode st = JSON.createObjectNode();
        st.putArray("openEvents").addObject().put("type", "warning").put("facility", "tf1").put("point", "stack1.voc")
                .put("level", "warn").put("start", now - 120_000).putArray("equipment");
        StringBuilder h = new StringBuilder();
        PageSections.events(h, st, PageText.of("en"), java.time.ZoneOffset.ofHours(8), now);
        assertThat(h.toString()).contains("warning stack1.voc (tf1) since");
    }
}
