package org.ecogate.platform;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.assertj.core.api.Assertions.assertThat;

/** The officer's message from an outage event, in English and Chinese. */
class OutageNoticeTest {
    final OutageNotice n = new OutageNotice(ZoneId.of("Asia/Shanghai"));
    final long start = ZonedDateTime.of(2022, 12, 13, 10, 15, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();

    String event(String status, Long end) {
        return "{\"id\":\"ev-7\",\"type\":\"outage\",\"facility\":\"tf1\",\"status\":\"" + status + "\",\"start\":" + start
                + ",\"end\":" + end + ",\"durationSeconds\":1620,\"equipment\":[\"cond1\",\"fan2\",\"esp1\"],\"equipmentStates\":{}}";
    }

    @Test
    void aClosedOutageReadsLikeThePlatformsMessage() {
        ObjectNode o = n.notice("plant-a-gw1", event("close", start + 1_620_000));
        assertThat(o.get("key").asText()).isEqualTo("ev-7:close");
        assertThat(o.get("text_en").asText()).isEqualTo("Plant gateway plant-a-gw1, facility tf1: the alarm started on December 13, 2022 at 10:15 "
                + "and lasted 27 minutes, involving related abnormal equipment: condenser, fan, high-voltage electrostatic precipitator, etc., "
                + "please check and restore in time.");
        assertThat(o.get("text_zh").asText()).isEqualTo("网关plant-a-gw1（治理设施tf1）：报警开始于2022年12月13日 10:15，持续27分钟，"
                + "涉及相关异常设备：冷凝器、风机、高压静电等，请及时检查恢复。");
    }

    @Test
    void anOpenOutageSaysItIsOngoingAndOtherEventsGiveNoNotice() {
        assertThat(n.notice("gw", event("open", null)).get("text_en").asText()).contains("has lasted 27 minutes so far");
        assertThat(n.notice("gw", "{\"id\":\"g1\",\"type\":\"data_gap\",\"status\":\"open\"}")).isNull();
        assertThat(n.notice("gw", "not json")).isNull();
    }

    @Test
    void oneMinuteIsSingularInEnglish() {
        String e = "{\"id\":\"ev-8\",\"type\":\"outage\",\"facility\":\"tf1\",\"status\":\"open\",\"start\":" + start
                + ",\"end\":null,\"durationSeconds\":60,\"equipment\":[\"fan2\"],\"equipmentStates\":{}}";
        assertThat(n.notice("gw", e).get("text_en").asText()).contains("has lasted 1 minute so far");
        assertThat(n.notice("gw", e).get("text_zh").asText()).contains("已持续1分钟");
        assertThat(n.notice("gw", e.replace("\"durationSeconds\":60", "\"durationSeconds\":10")).get("text_en").asText())
                .contains("has lasted 0 minutes so far");
    }
}
