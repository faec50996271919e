package org.ecogate.sim.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Compares an agent buffer with a platform store, both SQLite files: every reading the agent committed must be in
 * the store once, with the same point, time, value and quality. Read-only on both files.
 */
public final class StoreComparison {
    private StoreComparison() {}

    public static DemoResult compare(Path agentDb, Path platformDb, String gateway) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agentDb.toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("ATTACH DATABASE '" + platformDb.toAbsolutePath().toString().replace("'", "''") + "' AS p");
            long epoch = single(st, "SELECT value FROM meta WHERE key='epoch'");
            long acquired = single(st, "SELECT count(*) FROM reading");
            String same = "x.gateway='" + gateway.replace("'", "''") + "' AND x.epoch=" + epoch
                    + " AND x.stream='readings' AND x.seq=r.seq";
            long delivered = single(st, "SELECT count(*) FROM reading r JOIN point pt ON pt.id=r.point_id WHERE EXISTS "
                    + "(SELECT 1 FROM p.record x WHERE " + same + " AND x.point=pt.name AND x.ts=r.ts "
                    + "AND x.value IS r.value)");
            long lost = acquired - delivered;
            long duplicates = single(st, "SELECT count(*) - (SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq "
                    + "FROM p.record)) FROM p.record");
            return new DemoResult(acquired, delivered, duplicates, lost, agentDb.toAbsolutePath().getParent());
        }
    }

    /** Per stream: records the agent committed, records the platform store holds, distinct seqs among them. */
    public record StreamCount(String stream, long committed, long stored, long distinct) {}

    /** The per-stream counts the demo prints, from the same SQL the README gives to check them. */
    public static java.util.List<StreamCount> perStream(Path agentDb, Path platformDb, String gateway) throws SQLException {
        java.util.List<StreamCount> out = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agentDb.toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("ATTACH DATABASE '" + platformDb.toAbsolutePath().toString().replace("'", "''") + "' AS p");
            String g = gateway.replace("'", "''");
            for (String stream : java.util.List.of("readings", "events", "summaries", "gaps")) {
                long committed = stream.equals("readings") ? single(st, "SELECT count(*) FROM reading")
                        : single(st, "SELECT count(*) FROM doc WHERE stream='" + stream + "'");
                long stored = single(st, "SELECT count(*) FROM p.record WHERE gateway='" + g + "' AND stream='" + stream + "'");
                long distinct = single(st, "SELECT count(DISTINCT seq) FROM p.record WHERE gateway='" + g + "' AND stream='" + stream + "'");
                out.add(new StreamCount(stream, committed, stored, distinct));
            }
        }
        return out;
    }

    private static long single(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
