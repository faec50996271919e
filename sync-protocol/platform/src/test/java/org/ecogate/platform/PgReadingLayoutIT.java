package org.ecogate.platform;

import org.ecogate.sync.Batch;
import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.SyncRecord;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: readings stored as array rows come back through the view {@code ecogate_reading} and the function
 * {@code ecogate_readings} exactly as sent (gaps in seq, null values, odd qualities, two UTC days, both lanes), and
 * dropping old raw partitions keeps events and summaries.
 */
class PgReadingLayoutIT {
    static final long DAY1 = 1_764_979_200_000L; // 2025-12-06T00:00:00Z

    @Test
    void arrayRowsReadBackExactlyThroughTheViewAndRetentionDropsOnlyRawDays() throws Exception {
        try (PgProcess pg = PgProcess.start(); PgSink sink = new PgSink(new PgConnections(pg.url()))) {
            List<SyncRecord> rs = new ArrayList<>();
            rs.add(new SyncRecord(1, "fan1.freq", DAY1 - 1_000, 49.5, "good"));          // day before
            rs.add(new SyncRecord(2, "fan1.freq", DAY1 + 1_000, null, "good"));          // null value
            rs.add(new SyncRecord(4, "tab\tpoint", DAY1 + 2_000, -0.1, "bad \"x\" \\ y")); // seq gap, escapes
            rs.add(new SyncRecord(5, "fan1.freq", DAY1 + 3_000, Double.NaN, "good"));
            rs.add(new SyncRecord(6, "evt", DAY1 + 3_500, null, "good", "{\"kind\":\"event\"}")); // a document
            Batch b = Batch.of("gw1", 1, "readings", 0, rs);
            assertThat(sink.commit(new Commit(b, rs, CommittedRange.NONE, new CommittedRange(2, 3, 6)))).isTrue();
            // seq 1..2 in order (lane 0), 4..6 on the live lane (lane 1)
            List<String> got = new ArrayList<>();
            try (Connection c = java.sql.DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
                 ResultSet r = st.executeQuery("SELECT seq, point, extract(epoch FROM ts) * 1000, value, quality, lane FROM ecogate_reading ORDER BY seq")) {
                while (r.next()) {
                    got.add(r.getLong(1) + "|" + r.getString(2) + "|" + r.getLong(3) + "|" + r.getObject(4) + "|" + r.getString(5) + "|" + r.getInt(6));
                }
            }
            assertThat(got).containsExactly("1|fan1.freq|" + (DAY1 - 1_000) + "|49.5|good|0", "2|fan1.freq|" + (DAY1 + 1_000) + "|null|good|0",
                    "4|tab\tpoint|" + (DAY1 + 2_000) + "|-0.1|bad \"x\" \\ y|1", "5|fan1.freq|" + (DAY1 + 3_000) + "|NaN|good|1");
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_readings('gw1', to_timestamp(" + DAY1 / 1000 + "), to_timestamp("
                    + (DAY1 / 1000 + 3) + "))")).as("bounded by time: seq 2 and 4").isEqualTo(2);
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_document")).isEqualTo(1);
            assertThat(sink.dropRawBefore(LocalDate.parse("2025-12-06"))).isEqualTo(1);
            assertThat(Sql.scalar(pg, "SELECT min(seq) FROM ecogate_reading")).as("the day before is gone").isEqualTo(2);
            assertThat(Sql.scalar(pg, "SELECT count(*) FROM ecogate_document")).as("documents kept").isEqualTo(1);
        }
    }
}
