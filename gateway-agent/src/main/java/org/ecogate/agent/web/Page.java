package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The local page, rendered on the server as plain HTML with inline SVG trends (no script, refreshes itself every
 * 2 s): health colour, equipment states, open events, live values, uplink and backlog. Stateless. Trap: every
 * text from config or devices goes through {@link #esc}.
 */
final class Page {
    private static final Map<String, String> COLOURS = Map.of("green", "#2e7d32", "yellow", "#f9a825", "red", "#c62828",
            "RUNNING", "#2e7d32", "STOPPED", "#c62828", "ABNORMAL", "#ef6c00", "OFFLINE", "#757575", "UNKNOWN", "#9e9e9e");

    private Page() {}

    static String render(JsonNode st, JsonNode values) {
        ZoneId zone = ZoneId.of(values.path("timezone").asText("Z"));
        String health = st.path("health").asText("n/a");
        StringBuilder h = new StringBuilder(8192);
        h.append("<!doctype html><html><head><meta charset=utf-8><meta http-equiv=refresh content=2>")
                .append("<title>ecogate ").append(esc(st.path("gateway").asText())).append("</title><style>")
                .append("body{font-family:sans-serif;margin:0;background:#fafafa;color:#212121}")
                .append("header{padding:14px 20px;color:#fff;font-size:22px}section{margin:12px 20px}")
                .append("h2{font-size:16px;margin:8px 0}table{border-collapse:collapse}td,th{padding:3px 10px;text-align:left;border-bottom:1px solid #e0e0e0}")
                .append(".chip{display:inline-block;color:#fff;padding:4px 10px;margin:2px;border-radius:12px}.bad{color:#c62828}")
                .append("td.num{text-align:right;font-variant-numeric:tabular-nums}</style></head><body>");
        h.append("<header id=health style=\"background:").append(COLOURS.getOrDefault(health, "#616161")).append("\">")
                .append(esc(st.path("gateway").asText())).append(" &mdash; health ").append(esc(health.toUpperCase(Locale.ROOT)))
                .append(" <small>").append(time(System.currentTimeMillis(), zone)).append(" (").append(esc(zone.getId())).append(")</small></header>");

        h.append("<section><h2>Equipment</h2>");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("equipment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String s = e.getValue().asText();
            h.append("<span class=chip style=\"background:").append(COLOURS.getOrDefault(s, "#616161")).append("\">")
                    .append(esc(e.getKey())).append(' ').append(esc(s)).append("</span>");
        }
        h.append("</section><section><h2>Open events</h2>");
        if (st.path("openEvents").isEmpty()) h.append("none");
        for (JsonNode ev : st.path("openEvents")) {
            h.append("<div class=bad>").append(esc(ev.path("type").asText())).append(' ')
                    .append(esc(ev.path("facility").asText(ev.path("point").asText("")))).append(" since ")
                    .append(time(ev.path("start").asLong(), zone)).append(", ").append(ev.path("durationSeconds").asLong() / 60)
                    .append(" min; equipment: ").append(esc(list(ev.path("equipment"))))
                    .append("</div>");
        }
        h.append("</section><section><h2>Live values</h2><table><tr><th>point</th><th>value</th><th>quality</th><th>age</th><th>trend</th></tr>");
        for (JsonNode p : values.path("points")) {
            boolean good = "good".equals(p.path("quality").asText());
            h.append("<tr><td>").append(esc(p.path("point").asText())).append("</td><td class=num>")
                    .append(good ? esc(number(p.path("value").asDouble())) : "&ndash;").append(' ').append(esc(p.path("unit").asText("")))
                    .append("</td><td").append(good ? "" : " class=bad").append('>').append(esc(p.path("quality").asText()))
                    .append("</td><td class=num>").append(Math.round(p.path("ageSeconds").asDouble())).append(" s</td><td>")
                    .append(sparkline(p.path("trend"))).append("</td></tr>");
        }
        JsonNode u = st.path("uplink");
        JsonNode b = st.path("buffer");
        h.append("</table></section><section><h2>Uplink and backlog</h2><table>")
                .append("<tr><td>uplink</td><td id=uplink").append(u.path("connected").asBoolean() ? ">connected" : " class=bad>DOWN")
                .append("</td></tr><tr><td>batches sent / resends / reconnects</td><td>").append(u.path("batchesSent").asLong()).append(" / ")
                .append(u.path("resends").asLong()).append(" / ").append(u.path("reconnects").asLong()).append("</td></tr>")
                .append("<tr><td>backlog readings</td><td id=backlog>").append(b.path("backlog").asLong()).append("</td></tr>");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("docStreams").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            h.append("<tr><td>backlog ").append(esc(e.getKey())).append("</td><td>").append(e.getValue().path("backlog").asLong()).append("</td></tr>");
        }
        h.append("<tr><td>buffer file</td><td>").append(b.path("fileBytes").asLong() / 1024).append(" KiB</td></tr></table></section></body></html>");
        return h.toString();
    }

    private static String list(JsonNode arr) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode n : arr) sb.append(sb.length() == 0 ? "" : ", ").append(n.asText());
        return sb.toString();
    }

    /** A 120x24 SVG polyline of the trend, scaled to its own min..max. */
    static String sparkline(JsonNode trend) {
        int n = trend.size();
        if (n < 2) return "";
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (JsonNode v : trend) {
            min = Math.min(min, v.asDouble());
            max = Math.max(max, v.asDouble());
        }
        double span = max - min == 0 ? 1 : max - min;
        StringBuilder pts = new StringBuilder();
        for (int i = 0; i < n; i++) {
            double x = 120.0 * i / (n - 1);
            double y = 22 - 20 * (trend.get(i).asDouble() - min) / span;
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
        }
        return "<svg width=120 height=24><polyline fill=none stroke=\"#1565c0\" stroke-width=1.5 points=\"" + pts.toString().trim() + "\"/></svg>";
    }

    static String number(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.1f", v).replaceAll("\\.0$", "")
                : String.format(Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
    }

    private static String time(long ms, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
