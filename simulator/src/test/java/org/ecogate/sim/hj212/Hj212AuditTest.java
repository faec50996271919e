package org.ecogate.sim.hj212;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HJ 212 platform's audit on a hand-written store: an hour whose minutes agree passes; a wrong Max, an Avg
 * outside the minutes' averages, a Cou that is not their sum, a 2011 value outside its minute and a resend with other
 * values are each one difference.
 */
class Hj212AuditTest {
    static final String MN = "010000A8900016F000169DC0";

    @TempDir
    Path dir;
    private int stores;

    private Path store(String... frames) throws Exception {
        Path db = dir.resolve("hj212-" + stores++ + ".db"); // a store per audit
        new FrameStore(db).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("INSERT INTO frame(received_at, ok, cn, mn, data_time, data) VALUES (0, 1, ?, ?, ?, ?)")) {
            for (String f : frames) {
                String[] p = f.split(" ", 3); // CN DataTime fields
                ps.setString(1, p[0]);
                ps.setString(2, MN);
                ps.setString(3, p[1]);
                ps.setString(4, "QN=20260101000000000;ST=31;CN=" + p[0] + ";PW=123456;MN=" + MN + ";Flag=5;CP=&&DataTime=" + p[1] + ";" + p[2] + "&&");
                ps.executeUpdate();
            }
        }
        return db;
    }

    private static String minute(String t, double min, double avg, double max, double cou) {
        return "2051 " + t + " a01-Cou=" + cou + ",a01-Min=" + min + ",a01-Avg=" + avg + ",a01-Max=" + max + ",a01-Flag=N";
    }

    private static final String[] MINUTES = {
            minute("20261207100000", 1.0, 2.0, 3.0, 0.1),
            minute("20261207100100", 0.5, 2.5, 4.0, 0.2),
            minute("20261207100200", 1.5, 1.8, 2.0, 0.3),
            "2011 20261207100130 a01-Rtd=3.9,a01-Flag=N",
            "2011 20261207100205 a01-Rtd=3.5,a01-Flag=N", // the previous minute's last reading: within [0.5, 4.0]
    };

    private Hj212Audit.Result audit(String hour, String... more) throws Exception {
        String[] all = new String[MINUTES.length + 1 + more.length];
        System.arraycopy(MINUTES, 0, all, 0, MINUTES.length);
        all[MINUTES.length] = hour;
        System.arraycopy(more, 0, all, MINUTES.length + 1, more.length);
        return Hj212Audit.run(store(all), MN);
    }

    @Test
    void anHourAgreeingWithItsMinutesPasses() throws Exception {
        Hj212Audit.Result r = audit("2061 20261207100000 a01-Cou=0.6,a01-Min=0.5,a01-Avg=2.1,a01-Max=4,a01-Flag=N");
        assertThat(r.differences()).isEmpty();
        assertThat(r.checked()).isEqualTo(3); // the hour, two minutes against 2011 values
    }

    @Test
    void eachWrongFieldIsOneDifference() throws Exception {
        assertThat(audit("2061 20261207100000 a01-Cou=0.6,a01-Min=0.5,a01-Avg=2.1,a01-Max=4.1,a01-Flag=N").differences())
                .singleElement().satisfies(d -> assertThat(d.field()).isEqualTo("a01-Max"));
        assertThat(audit("2061 20261207100000 a01-Cou=0.6,a01-Min=0.5,a01-Avg=2.6,a01-Max=4,a01-Flag=N").differences())
                .singleElement().satisfies(d -> assertThat(d.field()).isEqualTo("a01-Avg"));
        assertThat(audit("2061 20261207100000 a01-Cou=0.7,a01-Min=0.5,a01-Avg=2.1,a01-Max=4,a01-Flag=N").differences())
                .singleElement().satisfies(d -> assertThat(d.field()).isEqualTo("a01-Cou"));
        assertThat(audit("2061 20261207100000 a01-Cou=0.6,a01-Min=0.5,a01-Avg=2.1,a01-Max=4,a01-Flag=N",
                "2011 20261207100230 a01-Rtd=9,a01-Flag=N").differences())
                .singleElement().satisfies(d -> assertThat(d.cn() + " " + d.dataTime()).isEqualTo("2051 20261207100200"));
        assertThat(audit("2061 20261207100000 a01-Cou=0.6,a01-Min=0.5,a01-Avg=2.1,a01-Max=4,a01-Flag=N",
                minute("20261207100200", 1.5, 1.8, 2.1, 0.3)).differences())
                .singleElement().satisfies(d -> assertThat(d.recomputed()).startsWith("resent as"));
    }
}
