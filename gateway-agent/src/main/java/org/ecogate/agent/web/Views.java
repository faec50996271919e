package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.runtime.Agent;
import org.ecogate.agent.runtime.LiveValues;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The JSON the page, {@code /api/values} and {@code ecogate values} share: every point's latest value, quality,
 * age, equipment state and trend, times as ISO-8601 with the site's offset. Stateless over the agent's views.
 */
final class Views {
    private final Agent agent;

    Views(Agent agent) {
        this.agent = agent;
    }

    /** The agent's status, with {@code configNote} when the config file on disk differs from the running one. */
    ObjectNode status() throws Exception {
        org.ecogate.agentstatus.AgentStatus st = agent.status();
        ObjectNode tree = org.ecogate.agent.runtime.StatusFile.tree(st);
        String note = st.configFile() == null ? null
                : org.ecogate.agent.runtime.RunningConfig.difference(java.nio.file.Path.of(st.configFile()), st.configSha256());
        if (note != null) tree.put("configNote", note);
        return tree;
    }

    ObjectNode values() throws Exception {
        return values(status());
    }

    ObjectNode values(ObjectNode status) {
        ZoneId zone = agent.config().detection().timezone();
        long now = System.currentTimeMillis();
        ObjectNode out = LocalWeb.JSON.createObjectNode();
        out.put("gateway", agent.config().gateway());
        out.put("timezone", zone.getId());
        out.put("time", iso(now, zone));
        JsonNode equipment = status.path("equipment");
        ArrayNode points = out.putArray("points");
        for (LiveValues.Point p : agent.liveValues().points()) {
            ObjectNode o = points.addObject();
            o.put("point", p.point());
            o.put("device", p.device());
            if (p.unit() != null) o.put("unit", p.unit());
            if (p.value() == null) o.putNull("value");
            else o.put("value", p.value());
            o.put("quality", p.quality().code());
            o.put("time", iso(p.ts(), zone));
            o.put("ageSeconds", Math.max(0, (now - p.ts()) / 1000.0));
            if (p.lastGood() != null && p.value() == null) {
                o.put("lastGood", p.lastGood());
                o.put("lastGoodTime", iso(p.lastGoodTs(), zone));
            }
            o.put("equipmentState", equipment.path(p.device()).asText(null));
            ArrayNode t = o.putArray("trend");
            for (double v : p.trend()) t.add(v);
        }
        return out;
    }

    static String iso(long ms, ZoneId zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(ms).atZone(zone));
    }
}
