package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.ecogate.agent.web.Page.esc;
import static org.ecogate.agent.web.Page.time;

/**
 * The page's sections built from the status JSON: reasons, facilities, delivery, devices, last reload, open events.
 * Each section carries ids and data- attributes the Chromium test reads. Stateless.
 */
final class PageSections {
    private PageSections() {}

    /** Why the colour is not green, in the page's language, from the structured status (not its English reasons). */
    static void reasons(StringBuilder h, JsonNode st, PageText t, ZoneId zone) {
        String health = st.path("health").asText("green");
        if (health.equals("green")) return;
        List<String> why = new ArrayList<>();
        for (JsonNode ev : st.path("openEvents")) {
            switch (ev.path("type").asText()) {
                case "outage" -> why.add(t.get("reason.outage", ev.path("facility").asText(), time(ev.path("start").asLong(), zone)));
                case "warning" -> why.add(t.get("reason.warning", ev.path("level").asText(""), ev.path("point").asText(ev.path("facility").asText(""))));
                case "data_gap" -> why.add(t.get("reason.gap", list(ev.path("equipment"))));
                default -> { }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("equipment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asText().equals("OFFLINE")) why.add(t.get("reason.offline", e.getKey()));
        }
        for (JsonNode d : st.path("delivery")) {
            if (!d.path("health").asText("green").equals("green")) {
                why.add(t.get("reason.delivery", d.path("uplink").asText(), t.get("delivery." + d.path("state").asText())));
            }
        }
        if (why.isEmpty()) return;
        h.append("<section id=reasons><h2>").append(esc(t.get("why"))).append("</h2><ul>");
        for (String w : why) h.append("<li class=bad>").append(esc(w)).append("</li>");
        h.append("</ul></section>");
    }

    static void facilities(StringBuilder h, JsonNode st, PageText t, ZoneId zone, long now) {
        h.append("<section id=facilities><h2>").append(esc(t.get("facilities"))).append("</h2><div class=cards>");
        if (st.path("facilities").isEmpty()) h.append("<p>").append(esc(t.get("facilities.none"))).append("</p>");
        for (JsonNode f : st.path("facilities")) {
            String prod = f.path("production").asText("unknown");
            String treat = f.path("treatment").asText("unknown");
            boolean outage = f.hasNonNull("outageSince");
            h.append("<div class=card data-facility=\"").append(esc(f.path("id").asText())).append("\" data-production=").append(esc(prod))
                    .append(" data-treatment=").append(esc(treat)).append(" data-outage=").append(outage ? "open" : "none")
                    .append("><h3>").append(esc(f.path("id").asText())).append("</h3><div>").append(esc(t.get("production"))).append(' ')
                    .append(answer(prod, t, null)).append("</div><div>").append(esc(t.get("treatment"))).append(' ')
                    .append(answer(treat, t, f.path("abnormal"))).append("</div><div>").append(esc(t.get("outage"))).append(": ");
            if (outage) {
                long since = f.path("outageSince").asLong();
                h.append("<span class=bad>").append(esc(t.get("outage.open", time(since, zone), Math.max(0, (now - since) / 60_000)))).append("</span>");
            } else {
                h.append("<span class=good>").append(esc(t.get("outage.none"))).append("</span>");
            }
            h.append("</div></div>");
        }
        h.append("</div></section>");
    }

    private static String answer(String a, PageText t, JsonNode abnormal) {
        if (a.equals("stopped") && abnormal != null && !abnormal.isEmpty()) {
            return "<span class=bad>" + esc(t.get("treatment.stopped", list(abnormal))) + "</span>";
        }
        String cls = a.equals("running") || a.equals("always") ? "good" : a.equals("stopped") ? "bad" : "";
        return "<span class=\"" + cls + "\">" + esc(t.get("answer." + a)) + "</span>";
    }

    static void delivery(StringBuilder h, JsonNode st, PageText t, long now) {
        h.append("<section id=delivery><h2>").append(esc(t.get("delivery"))).append("</h2><div class=cards>");
        for (JsonNode d : st.path("delivery")) {
            String state = d.path("state").asText();
            String colour = d.path("health").asText("green");
            long last = d.path("lastConfirmed").asLong();
            long oldest = d.path("oldestUnconfirmed").asLong();
            h.append("<div class=card data-uplink=\"").append(esc(d.path("uplink").asText())).append("\" data-state=\"").append(esc(state))
                    .append("\" data-last-confirmed-s=").append(last <= 0 ? -1 : Math.max(0, (now - last) / 1000))
                    .append(" style=\"border-left:6px solid ").append(Page.COLOURS.getOrDefault(colour, "#616161")).append("\"><h3>")
                    .append(esc(d.path("uplink").asText())).append(": <span class=").append(colour.equals("green") ? "good" : "bad").append('>')
                    .append(esc(t.get("delivery." + state))).append("</span></h3><div>")
                    .append(esc(last <= 0 ? t.get("delivery.neverConfirmed") : t.get("delivery.lastConfirmed", Math.max(0, (now - last) / 1000))))
                    .append("</div><div>").append(esc(oldest <= 0 ? t.get("delivery.nothingWaiting")
                            : t.get("delivery.oldest", Math.max(0, (now - oldest) / 1000)))).append("</div>");
            if (d.path("uplink").asText().equals("sync")) {
                long docs = 0;
                for (JsonNode s : st.path("docStreams")) docs += s.path("backlog").asLong();
                JsonNode u = st.path("uplink");
                h.append("<div>").append(esc(t.get("delivery.backlog", st.path("buffer").path("backlog").asLong(), docs,
                        u.path("batchesSent").asLong(), u.path("resends").asLong(), u.path("reconnects").asLong()))).append("</div>");
            }
            h.append("</div>");
        }
        h.append("</div></section>");
    }

    static void devices(StringBuilder h, JsonNode st, PageText t, ZoneId zone) {
        h.append("<section id=devices><h2>").append(esc(t.get("devices"))).append("</h2><div class=scroll><table><tr><th>")
                .append(esc(t.get("device"))).append("</th><th>").append(esc(t.get("connection"))).append("</th><th>")
                .append(esc(t.get("lastError"))).append("</th></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("devices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> d = it.next();
            String state = d.getValue().asText();
            JsonNode err = st.path("deviceErrors").path(d.getKey());
            h.append("<tr data-device=\"").append(esc(d.getKey())).append("\"><td>").append(esc(d.getKey())).append("</td><td")
                    .append(state.equals("online") ? " class=good>" : " class=bad>").append(esc(t.get("conn." + state))).append("</td><td>");
            if (err.isObject()) h.append(esc(time(err.path("time").asLong(), zone))).append(": ").append(esc(err.path("error").asText()));
            h.append("</td></tr>");
        }
        h.append("</table></div></section>");
    }

    static void reload(StringBuilder h, JsonNode st, PageText t, ZoneId zone) {
        JsonNode r = st.path("lastReload");
        h.append("<section id=reload><h2>").append(esc(t.get("reload"))).append("</h2>");
        if (!r.isObject()) {
            h.append("<p>").append(esc(t.get("reload.none"))).append("</p>");
        } else {
            boolean ok = r.path("applied").asBoolean();
            h.append("<p data-applied=").append(ok).append("><span class=").append(ok ? "good" : "bad").append('>')
                    .append(esc(t.get(ok ? "reload.applied" : "reload.refused", time(r.path("time").asLong(), zone))))
                    .append("</span> ").append(esc(r.path("message").asText())).append("</p>");
        }
        h.append("</section>");
    }

    static void events(StringBuilder h, JsonNode st, PageText t, ZoneId zone, long now) {
        h.append("<section id=events><h2>").append(esc(t.get("events"))).append("</h2>");
        if (st.path("openEvents").isEmpty()) h.append(esc(t.get("events.none")));
        for (JsonNode ev : st.path("openEvents")) {
            long start = ev.path("start").asLong();
            h.append("<div class=bad>").append(esc(t.get("event.line", t.get("event." + ev.path("type").asText()),
                    subject(ev), time(start, zone), Math.max(0, (now - start) / 60_000),
                    list(ev.path("equipment"))))).append("</div>");
        }
        h.append("</section>");
    }

    /** What an event is about: a warning its point (and facility), as the CLI's line says it; else its facility. */
    private static String subject(JsonNode ev) {
        String facility = ev.path("facility").asText("");
        if (!ev.hasNonNull("point")) return facility;
        return ev.path("point").asText() + (facility.isEmpty() ? "" : " (" + facility + ")");
    }

    static String list(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : arr) sb.append(sb.length() == 0 ? "" : ", ").append(n.asText());
        return sb.toString();
    }
}
