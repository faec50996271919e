package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** One line per HJ 212 uplink of a status file's {@code uplinks} array, for {@code status} and {@code sync status}. */
final class UplinksFormat {
    private UplinksFormat() {
    }

    static String lines(JsonNode uplinks) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode u : uplinks) {
            sb.append(String.format("uplink %s (%s to %s, MN %s): %s, %d sent, %d acked, %d unanswered",
                    u.path("name").asText(), u.path("protocol").asText(), u.path("target").asText(), u.path("mn").asText(),
                    u.path("connected").asBoolean() ? "connected" : "DOWN", u.path("sent").asLong(), u.path("acked").asLong(),
                    u.path("unanswered").asLong()));
            if (u.has("cursor")) {
                sb.append(String.format(", summaries delivered through seq %d, backlog %d, %d gaps (%d records given up)",
                        u.path("cursor").asLong(), u.path("backlog").asLong(), u.path("gaps").asLong(),
                        u.path("gapRecords").asLong()));
            }
            if (!u.path("connected").asBoolean() && u.hasNonNull("lastError")) {
                sb.append(" - last error: ").append(u.path("lastError").asText());
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
