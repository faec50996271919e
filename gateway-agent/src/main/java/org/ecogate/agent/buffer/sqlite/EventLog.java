package org.ecogate.agent.buffer.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.buffer.Buffer;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Read-only view of the events a (possibly running) agent stored in its buffer: every emission (open, update,
 * close) is a row; this folds them into the latest state per event id. Safe beside the running agent (WAL).
 */
public final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLog() {}

    /** Latest state of every event that started at or after {@code sinceMs} (or is still open), oldest first. */
    public static List<JsonNode> latest(Path buffer, long sinceMs) throws SQLException {
        if (!Files.exists(buffer)) throw new SQLException("buffer " + buffer + " does not exist (has the agent run?)");
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(5000);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        try (Connection c = cfg.createConnection("jdbc:sqlite:" + buffer.toAbsolutePath());
             PreparedStatement ps = c.prepareStatement("SELECT body FROM doc WHERE stream=? ORDER BY seq")) {
            ps.setString(1, Buffer.EVENTS);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    try {
                        JsonNode n = JSON.readTree(rs.getString(1));
                        byId.remove(n.path("id").asText());
                        byId.put(n.path("id").asText(), n);
                    } catch (Exception e) {
                        throw new SQLException("buffer " + buffer + ": unreadable event row: " + e.getMessage(), e);
                    }
                }
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) return List.of();
            throw e;
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode n : byId.values()) {
            boolean open = n.path("end").isNull() || n.path("end").isMissingNode();
            if (open || n.path("start").asLong() >= sinceMs) out.add(n);
        }
        out.sort((a, b) -> Long.compare(a.path("start").asLong(), b.path("start").asLong()));
        return out;
    }
}
