package org.ecogate.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a gateway's {@code outage} event (the agent's event JSON: id, status open/update/close, start, end,
 * durationSeconds, equipment) into the message the plant's environmental officer receives, in Chinese and English,
 * e.g. "The alarm started on December 13, 2022 at 10:15 and lasted 27 minutes, involving related abnormal equipment:
 * condenser, fan, etc., please check and restore in time." Stateless and thread-safe. Trap: equipment ids are named
 * by their prefix (cond1 -> condenser); an unknown prefix is shown as the id itself.
 */
public final class OutageNotice {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String[]> WORDS = Map.of(
            "cond", new String[] {"condenser", "冷凝器"}, "fan", new String[] {"fan", "风机"},
            "esp", new String[] {"high-voltage electrostatic precipitator", "高压静电"},
            "line", new String[] {"production line", "生产线"}, "pump", new String[] {"pump", "水泵"},
            "scrubber", new String[] {"scrubber", "喷淋塔"}, "uv", new String[] {"UV photolysis unit", "UV光解"},
            "carbon", new String[] {"activated carbon adsorber", "活性炭吸附"});
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("MMMM d, yyyy 'at' HH:mm", Locale.ENGLISH);
    private static final DateTimeFormatter ZH = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm", Locale.CHINESE);

    private final ZoneId zone;

    /** @param zone the plant's time zone (dates in the text), e.g. Asia/Shanghai */
    public OutageNotice(ZoneId zone) {
        this.zone = zone;
    }

    /** The notice for an event record's body, or null when it is not an outage event. */
    public ObjectNode notice(String gateway, String body) {
        JsonNode e;
        try {
            e = JSON.readTree(body);
        } catch (Exception ex) {
            return null;
        }
        if (e == null || !"outage".equals(e.path("type").asText()) || !e.hasNonNull("id") || !e.hasNonNull("status")) return null;
        long start = e.path("start").asLong();
        Long end = e.hasNonNull("end") ? e.get("end").asLong() : null;
        long minutes = Math.max(0, Math.round(e.path("durationSeconds").asLong() / 60.0));
        List<String> eq = new ArrayList<>();
        e.path("equipment").forEach(n -> eq.add(n.asText()));
        String status = e.get("status").asText();
        ZonedDateTime t = Instant.ofEpochMilli(start).atZone(zone);
        String en = "Plant gateway " + gateway + (e.hasNonNull("facility") ? ", facility " + e.get("facility").asText() : "")
                + ": the alarm started on " + EN.format(t) + (end == null ? " and has lasted " + minutesEn(minutes) + " so far"
                : " and lasted " + minutesEn(minutes)) + ", involving related abnormal equipment: " + words(eq, 0, ", ")
                + ", etc., please check and restore in time.";
        String zh = "网关" + gateway + (e.hasNonNull("facility") ? "（治理设施" + e.get("facility").asText() + "）" : "")
                + "：报警开始于" + ZH.format(t) + (end == null ? "，已持续" + minutes + "分钟" : "，持续" + minutes + "分钟")
                + "，涉及相关异常设备：" + words(eq, 1, "、") + "等，请及时检查恢复。";
        ObjectNode n = JSON.createObjectNode();
        n.put("key", e.get("id").asText() + ":" + status);
        n.put("eventId", e.get("id").asText());
        n.put("status", status);
        n.put("gateway", gateway);
        n.put("facility", e.path("facility").asText(null));
        n.put("start", start);
        if (end == null) n.putNull("end");
        else n.put("end", end);
        n.put("durationMinutes", minutes);
        eq.forEach(n.putArray("equipment")::add);
        n.put("text_zh", zh);
        n.put("text_en", en);
        return n;
    }

    static String words(List<String> equipment, int lang, String sep) {
        List<String> out = new ArrayList<>();
        for (String id : equipment) {
            String prefix = id.replaceAll("[^A-Za-z].*$", "").replaceAll("\\d+$", "").toLowerCase(Locale.ROOT);
            String[] w = WORDS.get(prefix);
            String word = w == null ? id : w[lang];
            if (!out.contains(word)) out.add(word);
        }
        return out.isEmpty() ? (lang == 0 ? "none named" : "未指明") : String.join(sep, out);
    }

    /** "1 minute", "0 minutes", "27 minutes" (Chinese has no plural: "1分钟", "27分钟"). */
    static String minutesEn(long n) {
        return n + (n == 1 ? " minute" : " minutes");
    }
}
