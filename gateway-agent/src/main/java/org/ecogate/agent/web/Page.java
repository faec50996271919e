package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * The local page, rendered on the server as plain HTML (no script, refreshes itself every 5 s, fits a 390 px phone):
 * first per facility "production running? treatment running? outage since?", then why the colour is not green,
 * equipment, delivery to each platform, devices with their last error, the last reload, open events, values. Every
 * word from {@link PageText} (English or zh-CN). Stateless. Trap: every text from config or devices goes through
 * {@link #esc}.
 */
final class Page {
    static final Map<String, String> COLOURS = Map.of("green", "#2e7d32", "yellow", "#f9a825", "red", "#c62828",
            "RUNNING", "#2e7d32", "STOPPED", "#c62828", "ABNORMAL", "#ef6c00", "OFFLINE", "#757575", "UNKNOWN", "#9e9e9e");
    private static final String CSS = "body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;margin:0;background:#fafafa;color:#212121}"
            + "header{padding:10px 14px;color:#fff}header b{font-size:20px}header small{display:block;opacity:.9}"
            + "nav{float:right}nav a{color:#fff;margin-left:8px}nav a.on{font-weight:bold;text-decoration:none}"
            + "section{margin:10px 14px}h2{font-size:16px;margin:8px 0}.note{background:#fff3e0;border-left:4px solid #ef6c00;padding:8px 14px}"
            + ".cards{display:flex;flex-wrap:wrap;gap:8px}.card{background:#fff;border:1px solid #e0e0e0;border-radius:6px;padding:8px 12px;"
            + "flex:1 1 300px;max-width:100%;box-sizing:border-box}.card h3{margin:0 0 4px;font-size:16px}.card div{margin:2px 0}"
            + ".scroll{overflow-x:auto}table{border-collapse:collapse}td,th{padding:3px 8px;text-align:left;border-bottom:1px solid #e0e0e0}"
            + ".chip{display:inline-block;color:#fff;padding:3px 9px;margin:2px;border-radius:12px}.bad{color:#c62828;font-weight:bold}"
            + ".good{color:#2e7d32}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}th{white-space:nowrap}ul{margin:4px 0;padding-left:20px}";

    private Page() {}

    static String render(JsonNode st, JsonNode values, PageText t, long now) {
        ZoneId zone = ZoneId.of(values.path("timezone").asText("Z"));
        String health = st.path("health").asText("");
        String lang = t.lang();
        StringBuilder h = new StringBuilder(16384);
        h.append("<!doctype html><html lang=").append(lang).append("><head><meta charset=utf-8>")
                .append("<meta name=viewport content=\"width=device-width, initial-scale=1\">")
                .append("<meta http-equiv=refresh content=\"5;url=/?lang=").append(lang).append("\">")
                .append("<title>").append(esc(t.get("title", st.path("gateway").asText()))).append("</title><style>").append(CSS)
                .append("</style></head><body>");
        h.append("<header id=health data-health=\"").append(esc(health)).append("\" style=\"background:")
                .append(COLOURS.getOrDefault(health, "#616161")).append("\"><nav id=lang aria-label=\"").append(esc(t.get("language"))).append("\">");
        for (String l : PageText.LANGUAGES) {
            h.append("<a hreflang=").append(l).append(" href=\"/?lang=").append(l).append('"').append(l.equals(lang) ? " class=on" : "")
                    .append('>').append(PageText.NAMES.get(l)).append("</a>");
        }
        h.append("</nav><b>").append(esc(st.path("gateway").asText())).append(" &mdash; ")
                .append(esc(health.isEmpty() ? t.get("health.none") : t.get("health", t.get("health." + health)))).append("</b><small>")
                .append(esc(t.get("siteTime", time(now, zone), zone.getId()))).append("</small></header>");
        if (st.hasNonNull("configNote")) {
            h.append("<div class=note id=note>").append(esc(t.get("note.drift", st.path("configNote").asText()))).append("</div>");
        }
        PageSections.reasons(h, st, t, zone);
        PageSections.facilities(h, st, t, zone, now);
        h.append("<section id=equipment><h2>").append(esc(t.get("equipment"))).append("</h2>");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("equipment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String s = e.getValue().asText();
            h.append("<span class=chip data-state=").append(esc(s)).append(" style=\"background:").append(COLOURS.getOrDefault(s, "#616161"))
                    .append("\">").append(esc(e.getKey())).append(' ').append(esc(t.get("state." + s))).append("</span>");
        }
        h.append("</section>");
        PageSections.delivery(h, st, t, now);
        PageSections.devices(h, st, t, zone);
        PageSections.reload(h, st, t, zone);
        PageSections.events(h, st, t, zone, now);
        h.append("<section id=values><h2>").append(esc(t.get("values"))).append("</h2><div class=scroll><table><tr><th>")
                .append(esc(t.get("col.point"))).append("</th><th>").append(esc(t.get("col.value"))).append("</th><th>")
                .append(esc(t.get("col.quality"))).append("</th><th>").append(esc(t.get("col.age"))).append("</th><th>")
                .append(esc(t.get("col.trend"))).append("</th></tr>");
        for (JsonNode p : values.path("points")) {
            boolean good = "good".equals(p.path("quality").asText());
            h.append("<tr><td>").append(esc(p.path("point").asText())).append("</td><td class=num>")
                    .append(good ? esc(number(p.path("value").asDouble())) : "&ndash;").append(' ').append(esc(p.path("unit").asText("")))
                    .append("</td><td").append(good ? "" : " class=bad").append('>').append(esc(p.path("quality").asText()))
                    .append("</td><td class=num>").append(esc(t.get("seconds", Math.round(p.path("ageSeconds").asDouble()))))
                    .append("</td><td>").append(sparkline(p.path("trend"))).append("</td></tr>");
        }
        h.append("</table></div><p>").append(esc(t.get("buffer", st.path("buffer").path("fileBytes").asLong() / 1024))).append("</p></section></body></html>");
        return h.toString();
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

    static String time(long ms, ZoneId zone) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
