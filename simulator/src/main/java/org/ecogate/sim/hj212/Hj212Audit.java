package org.ecogate.sim.hj212;

import org.ecogate.hj212.Cp;
import org.ecogate.hj212.Hj212Exception;
import org.ecogate.hj212.Packet;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The HJ 212 platform's audit of what it stored (docs/HJ212.md, "Auditing what a platform received"): each 2061 hour
 * against the 2051 minutes received for it, each 2031 day against its 2061 hours (Min of minima, Max of maxima, Cou
 * summed, Avg between the smallest and largest part average), each 2051 minute against the 2011 real-time values
 * stamped in it, 2041 run hours within the day; parts of a split message and resends merged by MN, CN, DataTime. Only
 * HJ 212 meaning is used, no ecogate data. Stateless. Trap: values are rounded to 3 decimals on the wire: sums and
 * bounds allow that rounding; audit once the site's backlog has drained, or missing parts read as differences.
 */
public final class Hj212Audit {
    /** One difference: the message ({@code cn}, {@code dataTime}), the field ({@code a21026-Max}), what it said and what its parts give. */
    public record Difference(String mn, String cn, String dataTime, String field, String reported, String recomputed) {}

    /** What the audit checked: messages (windows) and the differences. */
    public record Result(long checked, long frames, List<Difference> differences) {}

    static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    /** Half a unit of the 3rd decimal the agent rounds to, per value summed. */
    static final double ROUNDING = 0.0005;

    private Hj212Audit() {
    }

    /** Audits the frames stored in {@code db} (table frame of {@link FrameStore}) for site {@code mn} (null: every site). */
    public static Result run(Path db, String mn) throws SQLException {
        // mn -> cn -> DataTime -> merged fields
        Map<String, Map<String, TreeMap<String, Map<String, String>>>> msgs = new TreeMap<>();
        List<Difference> out = new ArrayList<>();
        long frames = 0;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT mn, cn, data_time, data FROM frame WHERE ok=1 AND cn IN "
                     + "('2011','2031','2041','2051','2061') AND data_time IS NOT NULL ORDER BY id")) {
            while (rs.next()) {
                if (mn != null && !mn.equals(rs.getString(1))) continue;
                frames++;
                Cp cp;
                try {
                    cp = Packet.parse(rs.getString(4)).cp();
                } catch (Hj212Exception e) {
                    out.add(new Difference(rs.getString(1), rs.getString(2), rs.getString(3), "CP", e.getMessage(), "-"));
                    continue;
                }
                Map<String, String> m = msgs.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new TreeMap<>()).computeIfAbsent(rs.getString(3), k -> new TreeMap<>());
                for (Map.Entry<String, String> f : cp.flat().entrySet()) {
                    String before = m.put(f.getKey(), f.getValue());
                    if (before != null && !before.equals(f.getValue()) && !"2011".equals(rs.getString(2))) {
                        out.add(new Difference(rs.getString(1), rs.getString(2), rs.getString(3), f.getKey(), before, "resent as " + f.getValue()));
                    }
                }
            }
        }
        long checked = 0;
        for (Map.Entry<String, Map<String, TreeMap<String, Map<String, String>>>> site : msgs.entrySet()) {
            Map<String, TreeMap<String, Map<String, String>>> byCn = site.getValue();
            TreeMap<String, Map<String, String>> none = new TreeMap<>();
            checked += Windows.check(site.getKey(), "2061", byCn.getOrDefault("2061", none), byCn.getOrDefault("2051", none), 60, out);
            checked += Windows.check(site.getKey(), "2031", byCn.getOrDefault("2031", none), byCn.getOrDefault("2061", none), 24 * 60, out);
            checked += Windows.samples(site.getKey(), byCn.getOrDefault("2051", none), byCn.getOrDefault("2011", none), out);
            checked += Windows.runHours(site.getKey(), byCn.getOrDefault("2041", none), out);
        }
        return new Result(checked, frames, out);
    }

    static LocalDateTime time(String dataTime) {
        return LocalDateTime.parse(dataTime, DATA_TIME);
    }

    static String text(LocalDateTime t) {
        return DATA_TIME.format(t);
    }
}
