package org.ecogate.agent.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.detect.Event;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one event formatter of the CLI: stored events (JSON from the buffer or status file, times in epoch ms)
 * and replayed detector emissions ({@code ecogate detect}), each for people (one aligned line) and for scripts
 * (JSON with ISO-8601 times). Stateless. Trap: the two line shapes are the published outputs of two commands.
 */
final class EventFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventFormat() {}

    // ---- stored events: ecogate events, ecogate status ------------------------------------------------------

    static String iso(long ms, ZoneOffset zone) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(ms).atOffset(zone));
    }

    /** The event's JSON with {@code start}/{@code end}/{@code emittedAt} as ISO-8601 strings (end null while open). */
    static ObjectNode toPublicJson(Event e, ZoneOffset zone) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("type", e.type());
        o.put("facility", e.facility());
        o.put("status", e.status());
        o.put("start", iso(e.start(), zone));
        if (e.end() != null) o.put("end", iso(e.end(), zone));
        else o.putNull("end");
        o.put("durationSeconds", durationNow(e, System.currentTimeMillis()));
        ArrayNode eq = o.putArray("equipment");
        e.equipment().forEach(eq::add);
        ObjectNode st = o.putObject("equipmentStates");
        e.equipmentStates().forEach(st::put);
        o.put("level", e.level());
        o.put("point", e.point());
        o.put("value", e.value());
        o.put("emittedAt", iso(e.emittedAt(), zone));
        return o;
    }

    static String jsonArray(List<Event> events, ZoneOffset zone) throws JsonProcessingException {
        ArrayNode a = JSON.createArrayNode();
        for (Event e : events) a.add(toPublicJson(e, zone));
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(a);
    }

    /**
     * Seconds the event lasted, or has lasted by {@code nowMs} while open: computed when shown, from its start (the
     * stored {@code durationSeconds} of an open event is as of its last emission, issue 23).
     */
    static long durationNow(Event e, long nowMs) {
        return e.isOpen() ? Math.max(e.durationSeconds(), (nowMs - e.start()) / 1000) : e.durationSeconds();
    }

    /** One line: start, type, facility (a warning: its point, and facility), OPEN or duration, equipment with states. */
    static String line(Event ev, ZoneOffset zone) {
        boolean open = ev.isOpen();
        long dur = durationNow(ev, System.currentTimeMillis());
        String what = ev.point() != null ? ev.point() + (ev.facility() != null ? " (" + ev.facility() + ")" : "")
                : ev.facility() != null ? ev.facility() : "-";
        List<String> eq = new ArrayList<>();
        for (String id : ev.equipment()) {
            String st = ev.equipmentStates().getOrDefault(id, "");
            eq.add(st.isEmpty() ? id : id + " (" + st + ")");
        }
        String level = ev.level() != null ? " " + ev.level() + (ev.value() != null ? " average " + Numbers.shortest(ev.value()) : "") : "";
        return String.format("%s  %-8s %-10s %-6s %s%s%s", iso(ev.start(), zone), ev.type(),
                what, open ? "OPEN" : "closed", open ? "since " + human(dur) : "lasted " + human(dur), level,
                eq.isEmpty() ? "" : "  equipment: " + String.join(", ", eq));
    }

    static String human(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return Math.round(seconds / 60.0) + " min";
        return String.format("%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
    }

    // ---- replayed emissions: ecogate detect ---------------------------------------------------------------

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** e.g. {@code 2026-11-20T10:15:00+08:00  outage    tf1     OPEN    equipment: cond1 (STOPPED), fan1 (STOPPED)}. */
    static String emission(Event e, ZoneId zone) {
        long at = switch (e.status()) {
            case Event.OPEN -> e.start();
            case Event.CLOSE -> e.end();
            default -> e.emittedAt();
        };
        String subject = e.type().equals(Event.WARNING) ? e.point()
                : e.type().equals(Event.DATA_GAP) ? e.equipment().get(0) : e.facility();
        StringBuilder detail = new StringBuilder();
        if (e.type().equals(Event.WARNING)) {
            detail.append("level ").append(e.level()).append(", average ").append(e.value());
        } else {
            detail.append("equipment: ").append(e.equipmentStates().entrySet().stream()
                    .map(x -> x.getKey() + " (" + x.getValue() + ")").collect(Collectors.joining(", ")));
        }
        if (e.status().equals(Event.CLOSE)) detail.append("  duration ").append(duration(e.durationSeconds()));
        else if (e.status().equals(Event.OPEN)) detail.append("  (reported ").append(isoSeconds(e.emittedAt(), zone).substring(11, 19)).append(")");
        return String.format("%s  %-8s  %-12s  %-6s  %s", isoSeconds(at, zone), e.type(), subject,
                e.status().toUpperCase(Locale.ROOT), detail);
    }

    /** "27 min", "45 s", "2 h 5 min", "27 min 5 s". */
    static String duration(long seconds) {
        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) b.append(h).append(" h");
        if (m > 0) b.append(b.length() > 0 ? " " : "").append(m).append(" min");
        if (s > 0 || b.length() == 0) b.append(b.length() > 0 ? " " : "").append(s).append(" s");
        return b.toString();
    }

    /** ISO-8601 with offset, always with seconds ({@code 2026-11-20T10:15:00+08:00}), milliseconds only when not 0. */
    private static String isoSeconds(long epochMs, ZoneId zone) {
        OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), zone);
        return (epochMs % 1000 == 0 ? SECONDS : MILLIS).format(t);
    }

    /** The final state of each event as a JSON array; status is {@code open} or {@code closed}. */
    static String finalsJson(List<Event> events, ZoneId zone) {
        ArrayNode arr = PRETTY.createArrayNode();
        for (Event e : events) {
            ObjectNode o = arr.addObject();
            o.put("id", e.id());
            o.put("type", e.type());
            o.put("facility", e.facility());
            o.put("status", e.isOpen() ? "open" : "closed");
            o.put("start", isoSeconds(e.start(), zone));
            o.put("end", e.end() == null ? null : isoSeconds(e.end(), zone));
            o.put("durationSeconds", e.durationSeconds());
            ArrayNode eq = o.putArray("equipment");
            e.equipment().forEach(eq::add);
            ObjectNode st = o.putObject("equipmentStates");
            for (Map.Entry<String, String> x : e.equipmentStates().entrySet()) st.put(x.getKey(), x.getValue());
            o.put("level", e.level());
            o.put("point", e.point());
            o.put("value", e.value());
        }
        try {
            return PRETTY.writeValueAsString(arr);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
