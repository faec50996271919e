package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Formats event JSON (as stored by the agent: times in epoch ms) for people and for scripts. */
final class EventFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFormat() {}

    static String iso(long ms, ZoneOffset zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(ms).atOffset(zone));
    }

    /** JSON with {@code start}/{@code end} as ISO-8601 strings (end null while open). */
    static ObjectNode toPublicJson(JsonNode ev, ZoneOffset zone) {
        ObjectNode o = ((ObjectNode) ev).deepCopy();
        o.put("start", iso(ev.path("start").asLong(), zone));
        if (ev.path("end").isNumber()) o.put("end", iso(ev.path("end").asLong(), zone));
        else o.putNull("end");
        if (ev.path("emittedAt").isNumber()) o.put("emittedAt", iso(ev.path("emittedAt").asLong(), zone));
        if (!o.has("level")) o.putNull("level");
        return o;
    }

    static String jsonArray(List<JsonNode> events, ZoneOffset zone) throws Exception {
        ArrayNode a = JSON.createArrayNode();
        for (JsonNode e : events) a.add(toPublicJson(e, zone));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }

    /** One line: start, type, facility/point, OPEN or duration, equipment with states. */
    static String line(JsonNode ev, ZoneOffset zone) {
        boolean open = !ev.path("end").isNumber();
        long dur = ev.path("durationSeconds").asLong();
        String what = ev.path("facility").isTextual() ? ev.path("facility").asText() : ev.path("point").asText("-");
        List<String> eq = new ArrayList<>();
        for (JsonNode id : ev.path("equipment")) {
            String st = ev.path("equipmentStates").path(id.asText()).asText("");
            eq.add(st.isEmpty() ? id.asText() : id.asText() + " (" + st + ")");
        }
        String level = ev.path("level").isTextual() ? " " + ev.path("level").asText() : "";
        return String.format("%s  %-8s %-10s %-6s %s%s%s", iso(ev.path("start").asLong(), zone), ev.path("type").asText(),
                what, open ? "OPEN" : "closed", open ? "since " + human(dur) : "lasted " + human(dur), level,
                eq.isEmpty() ? "" : "  equipment: " + String.join(", ", eq));
    }

    static String human(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return Math.round(seconds / 60.0) + " min";
        return String.format("%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }
}
