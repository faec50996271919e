package org.ecogate.agent.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Formats events for people (one aligned line per emission) and for scripts (JSON with ISO-8601 times). Stateless. */
public final class EventFormat {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EventFormat() {}

    /** e.g. {@code 2026-11-20T10:15:00+08:00  outage    tf1     OPEN    equipment: cond1 (STOPPED), fan1 (STOPPED)}. */
    public static String line(Event e, ZoneId zone) {
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
        else if (e.status().equals(Event.OPEN)) detail.append("  (reported ").append(iso(e.emittedAt(), zone).substring(11, 19)).append(")");
        return String.format("%s  %-8s  %-12s  %-6s  %s", iso(at, zone), e.type(), subject,
                e.status().toUpperCase(java.util.Locale.ROOT), detail);
    }

    /** "27 min", "45 s", "2 h 5 min", "27 min 5 s". */
    public static String duration(long seconds) {
        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        StringBuilder b = new StringBuilder();
        if (h > 0) b.append(h).append(" h");
        if (m > 0) b.append(b.length() > 0 ? " " : "").append(m).append(" min");
        if (s > 0 || b.length() == 0) b.append(b.length() > 0 ? " " : "").append(s).append(" s");
        return b.toString();
    }

    /** ISO-8601 with offset, always with seconds ({@code 2026-11-20T10:15:00+08:00}), milliseconds only when not 0. */
    public static String iso(long epochMs, ZoneId zone) {
        OffsetDateTime t = OffsetDateTime.ofInstant(Instant.ofEpochMilli(epochMs), zone);
        return (epochMs % 1000 == 0 ? SECONDS : MILLIS).format(t);
    }

    /** The final state of each event as a JSON array; status is {@code open} or {@code closed}. */
    public static String json(List<Event> events, ZoneId zone) {
        ArrayNode arr = PRETTY.createArrayNode();
        for (Event e : events) {
            ObjectNode o = arr.addObject();
            o.put("id", e.id());
            o.put("type", e.type());
            o.put("facility", e.facility());
            o.put("status", e.isOpen() ? "open" : "closed");
            o.put("start", iso(e.start(), zone));
            o.put("end", e.end() == null ? null : iso(e.end(), zone));
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
