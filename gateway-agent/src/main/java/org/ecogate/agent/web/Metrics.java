package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.runtime.LiveValues;

import java.util.Iterator;
import java.util.Map;

/**
 * Prometheus text exposition (format 0.0.4) of the agent's counters: poll cycles and failures per device, readings
 * buffered, backlog per stream and uplink, bytes on the wire, delivery per uplink (last confirmation, oldest unconfirmed,
 * state), buffer size, equipment states, health. Stateless.
 */
final class Metrics {
    private Metrics() {}

    static String render(JsonNode st, LiveValues live) {
        StringBuilder sb = new StringBuilder(4096);
        help(sb, "ecogate_poll_cycles_total", "counter", "poll cycles per device since start");
        for (LiveValues.DeviceCounters d : live.devices()) sample(sb, "ecogate_poll_cycles_total", "device", d.device(), d.cycles());
        help(sb, "ecogate_poll_failures_total", "counter", "poll cycles in which the device did not answer");
        for (LiveValues.DeviceCounters d : live.devices()) sample(sb, "ecogate_poll_failures_total", "device", d.device(), d.failedCycles());
        help(sb, "ecogate_readings_total", "counter", "readings committed to the buffer since start");
        sb.append("ecogate_readings_total ").append(st.path("readings").asLong()).append('\n');
        help(sb, "ecogate_buffer_file_bytes", "gauge", "size of the buffer file with its WAL");
        sb.append("ecogate_buffer_file_bytes ").append(st.path("buffer").path("fileBytes").asLong()).append('\n');
        help(sb, "ecogate_backlog_records", "gauge", "records committed but not yet acknowledged, per stream and uplink");
        sb.append("ecogate_backlog_records{uplink=\"sync\",stream=\"readings\"} ").append(st.path("buffer").path("backlog").asLong()).append('\n');
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("docStreams").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append("ecogate_backlog_records{uplink=\"sync\",stream=\"").append(e.getKey()).append("\"} ")
                    .append(e.getValue().path("backlog").asLong()).append('\n');
        }
        JsonNode u = st.path("uplink");
        help(sb, "ecogate_uplink_connected", "gauge", "1 while the uplink's connection is up");
        sb.append("ecogate_uplink_connected{uplink=\"sync\"} ").append(u.path("connected").asBoolean() ? 1 : 0).append('\n');
        counter(sb, "ecogate_uplink_bytes_sent_total", "batch bytes published (with resends)", st.path("sync").path("bytesSent").asLong());
        counter(sb, "ecogate_uplink_batches_sent_total", "batches published (with resends)", u.path("batchesSent").asLong());
        counter(sb, "ecogate_uplink_resends_total", "times the sender went back to the last acknowledged record", u.path("resends").asLong());
        counter(sb, "ecogate_uplink_reconnects_total", "reconnects after the first connect", u.path("reconnects").asLong());
        help(sb, "ecogate_uplink_last_confirmed_seconds", "gauge", "seconds since the platform last confirmed a record (-1: never since start)");
        for (JsonNode d : st.path("delivery")) sample(sb, "ecogate_uplink_last_confirmed_seconds", "uplink", d.path("uplink").asText(), d.path("lastConfirmedSecondsAgo").asLong(-1));
        help(sb, "ecogate_uplink_oldest_unconfirmed_seconds", "gauge", "age of the oldest record the platform has not confirmed (-1: none waiting)");
        for (JsonNode d : st.path("delivery")) sample(sb, "ecogate_uplink_oldest_unconfirmed_seconds", "uplink", d.path("uplink").asText(), d.path("oldestUnconfirmedSecondsAgo").asLong(-1));
        help(sb, "ecogate_uplink_delivery_state", "gauge", "1 for each uplink's delivery state (ok, platform not answering, broker unreachable, not connected) and colour");
        for (JsonNode d : st.path("delivery")) {
            sb.append("ecogate_uplink_delivery_state{uplink=\"").append(esc(d.path("uplink").asText())).append("\",state=\"")
                    .append(esc(d.path("state").asText())).append("\",colour=\"").append(esc(d.path("health").asText())).append("\"} 1\n");
        }
        if (st.has("clockSteps")) {
            help(sb, "ecogate_clock_steps_total", "counter", "wall-clock steps detected since start");
            sb.append("ecogate_clock_steps_total ").append(st.path("clockSteps").asLong()).append('\n');
        }
        help(sb, "ecogate_equipment_state", "gauge", "1 for each equipment's current state");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("equipment").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sb.append("ecogate_equipment_state{equipment=\"").append(esc(e.getKey())).append("\",state=\"")
                    .append(esc(e.getValue().asText())).append("\"} 1\n");
        }
        help(sb, "ecogate_open_events", "gauge", "outages, data gaps and warnings open now");
        sb.append("ecogate_open_events ").append(st.path("openEvents").size()).append('\n');
        if (st.has("health")) {
            help(sb, "ecogate_health", "gauge", "1 for the current health colour");
            sb.append("ecogate_health{colour=\"").append(esc(st.path("health").asText())).append("\"} 1\n");
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        help(sb, name, "counter", help);
        sb.append(name).append("{uplink=\"sync\"} ").append(v).append('\n');
    }

    private static void help(StringBuilder sb, String name, String type, String help) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder sb, String name, String label, String value, long v) {
        sb.append(name).append('{').append(label).append("=\"").append(esc(value)).append("\"} ").append(v).append('\n');
    }

    private static String esc(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
