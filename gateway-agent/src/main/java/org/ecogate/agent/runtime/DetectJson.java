package org.ecogate.agent.runtime;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Snapshot;
import org.ecogate.agent.detect.Summary;

/**
 * The JSON of the detector's outputs and state as the buffer stores them: events and summaries (one line,
 * times in epoch ms) and the detector snapshot (fields as they are). Thread-safe. Trap: the detect package
 * stays free of Jackson; every (de)serialization of its types goes through here.
 */
public final class DetectJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private DetectJson() {}

    /** One-line JSON; times are epoch milliseconds. */
    public static String write(Event e) {
        return write((Object) e);
    }

    public static String write(Summary s) {
        return write((Object) s);
    }

    public static String write(Snapshot s) {
        return write((Object) s);
    }

    /** The detector state plus where the agent timeline stood ({@code agentTime}, {@code wallTime}) when it was taken. */
    public static String write(Snapshot s, long agentTime, long wallTime) {
        // Written once per poll cycle and the snapshot is large (every point, every aggregate): serialize it once and
        // append the two fields as text, not through a tree copy (valueToTree) that doubled the per-cycle cost.
        String json = write((Object) s);
        int end = json.lastIndexOf('}');
        if (end < 0) throw new IllegalStateException("detector snapshot is not a JSON object: " + json);
        int last = end - 1;
        while (last >= 0 && Character.isWhitespace(json.charAt(last))) last--;
        StringBuilder out = new StringBuilder(end + 64).append(json, 0, end);
        if (last >= 0 && json.charAt(last) != '{') out.append(',');
        return out.append("\"agentTime\":").append(agentTime).append(",\"wallTime\":").append(wallTime).append('}').toString();
    }

    /** {agentTime, wallTime} stored with a detector state by {@link #write(Snapshot, long, long)}; null if absent (older state). */
    public static long[] timeline(String json) {
        if (json == null || json.isBlank()) return null;
        try {
            com.fasterxml.jackson.databind.JsonNode n = MAPPER.readTree(json);
            if (!n.path("agentTime").isNumber() || !n.path("wallTime").isNumber()) return null;
            return new long[] {n.get("agentTime").asLong(), n.get("wallTime").asLong()};
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid Snapshot JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static Event event(String json) {
        return read(json, Event.class);
    }

    public static Summary summary(String json) {
        return read(json, Summary.class);
    }

    /** The stored detector state, or null for none. */
    public static Snapshot snapshot(String json) {
        return json == null || json.isBlank() ? null : read(json, Snapshot.class);
    }

    private static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a valid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }
}
