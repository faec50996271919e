package org.ecogate.sim.platform;

import org.ecogate.sync.audit.SummaryCheck;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneId;
import java.util.List;

/**
 * The platform's own audit of what it stored ({@link SqliteSink}): every minute and hour summary a gateway sent,
 * recomputed from the readings it sent ({@link SummaryCheck}, the code the gateway's {@code ecogate audit} runs).
 * Read-only; stateless. Trap: only readings the platform holds count: audit after the backlog has drained.
 */
public final class PlatformAudit {
    /** Summaries checked, readings read, differences. */
    public record Result(long summaries, long readings, List<SummaryCheck.Difference> differences) {}

    private PlatformAudit() {
    }

    /** Audits {@code gateway}'s summaries in {@code db}, windows in {@code zone} (the gateway's detection timezone). */
    public static Result run(Path db, String gateway, ZoneId zone) throws Exception {
        if (!Files.exists(db)) throw new java.io.FileNotFoundException(db + ": no such file");
        SummaryCheck check = new SummaryCheck(zone);
        long readings = 0;
        long first = Long.MAX_VALUE;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            try (PreparedStatement ps = c.prepareStatement("SELECT body FROM record WHERE gateway=? AND stream='summaries' ORDER BY epoch, seq")) {
                ps.setString(1, gateway);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) check.summary(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT min(ts) FROM record WHERE gateway=? AND stream='summaries'")) {
                ps.setString(1, gateway);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getObject(1) != null) first = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT point, ts, value, quality FROM record WHERE gateway=? "
                    + "AND stream='readings' ORDER BY epoch, seq")) {
                ps.setString(1, gateway);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        double v = rs.getDouble(3);
                        Double value = rs.wasNull() ? null : v;
                        String q = rs.getString(4);
                        check.reading(rs.getString(1), rs.getLong(2), value, "good".equals(q) || "time_untrusted".equals(q));
                        readings++;
                    }
                }
            }
        }
        return new Result(check.checked(), readings, check.finish(first == Long.MAX_VALUE ? 0 : first));
    }
}
