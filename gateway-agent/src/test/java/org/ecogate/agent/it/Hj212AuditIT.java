package org.ecogate.agent.it;

import org.ecogate.sim.SimMain;
import org.ecogate.sim.hj212.Hj212Audit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, item 4 on the HJ 212 side: the real agent sends every kind of data (2011, 2021, 2051, 2061, 2031, 2041) of
 * a plant run to the simulated HJ 212 platform, in a zone whose midnight falls inside the run (so an hour, a day and a
 * ledger close); {@code ecogate-sim hj212 audit} finds 0 differences in what the platform stored, and one after a
 * stored 2061 frame is altered.
 */
class Hj212AuditIT {
    @TempDir
    Path dir;

    static String yaml(int port, ZoneOffset zone) {
        return """
                detection:
                  timezone: "%2$s"
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                    - {id: line1, template: meter, debounce: 1s, offlineAfter: 3s}
                  summaries: {minute: true, hour: true, ledger: true, counters: [line1.kwh], grace: 2s}
                hj212:
                  - name: province
                    host: 127.0.0.1
                    port: %1$d
                    mn: "%3$s"
                    pw: "123456"
                    st: "31"
                    zone: "%2$s"
                    timeout: 3s
                    retries: 1
                    realtimeInterval: 1s
                    send: [realtime, minute, hour, day, status, runtime]
                    factors: {fan1.current: e30101, line1.kw: e20101, line1.kwh: e20102}
                    equipment: {fan1: 1, line1: 2}
                """.formatted(port, zone.getId(), Hj212UplinkIT.MN);
    }

    @Test
    void thePlatformsAuditOfAPlantRunFindsNothingThenTheOneAlteredHour() throws Exception {
        long midnight = (System.currentTimeMillis() + 100_000) / 60_000 * 60_000 + 60_000;
        ZoneOffset zone = SummaryKillIT.midnightAt(midnight);
        try (Hj212Rig h = new Hj212Rig(dir, Hj212FlagsIT.PLANT)) {
            Path cfg = h.rig.agentConfig(yaml(h.port, zone));
            Process agent = h.rig.startAgent(cfg, "agent.log");
            h.rig.awaitLog("agent.log", "agent " + Rig.GATEWAY + " running", 120_000);
            while (System.currentTimeMillis() < midnight + 25_000) Thread.sleep(1000);
            for (long end = System.currentTimeMillis() + 30_000; System.currentTimeMillis() < end
                    && h.store.count("SELECT count(*) FROM frame WHERE cn IN ('2031','2041')") < 2; ) {
                Thread.sleep(500);
            }
            Rig.stop(agent);

            System.out.printf("zone %s: frames per CN %s%n", zone, counts(h));
            assertThat(h.store.count("SELECT count(*) FROM frame WHERE cn='2061' AND ok=1")).as("2061; log:\n%s", h.rig.log("agent.log")).isPositive();
            assertThat(h.store.count("SELECT count(*) FROM frame WHERE cn='2031' AND ok=1")).as("2031").isPositive();
            assertThat(h.store.count("SELECT count(*) FROM frame WHERE cn='2041' AND ok=1")).as("2041").isPositive();
            Hj212Audit.Result ok = Hj212Audit.run(h.db, Hj212UplinkIT.MN);
            System.out.println("audit of the plant run: " + ok);
            assertThat(ok.differences()).isEmpty();
            assertThat(ok.checked()).isGreaterThan(3);
            String[] cli = sim("hj212", "audit", "--db", h.db.toString());
            System.out.print("ecogate-sim hj212 audit: " + cli[1]);
            assertThat(cli[0]).isEqualTo("0");
            assertThat(cli[1]).containsPattern("hj212 audit: [\\d,]+ messages checked from [\\d,]+ stored frames: 0 differences");

            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + h.db.toAbsolutePath()); Statement st = c.createStatement()) {
                assertThat(st.executeUpdate("UPDATE frame SET data = replace(data, 'e30101-Max=', 'e30101-Max=9') WHERE id = "
                        + "(SELECT min(id) FROM frame WHERE cn='2061' AND ok=1 AND data LIKE '%e30101-Max=%')")).isEqualTo(1);
            }
            String[] bad = sim("hj212", "audit", "--db", h.db.toString(), "--mn", Hj212UplinkIT.MN);
            System.out.print("after altering one stored 2061: " + bad[1]);
            assertThat(bad[0]).isEqualTo("1");
            assertThat(bad[1]).contains("2061").contains("e30101-Max").containsPattern(": [1-9]\\d* differences");
            assertThat(sim("hj212", "audit", "--db", dir.resolve("nope.db").toString())[0]).isEqualTo("2");
        }
    }

    private static String counts(Hj212Rig h) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String cn : new String[] {"2011", "2021", "2051", "2061", "2031", "2041"}) {
            b.append(cn).append('=').append(h.store.count("SELECT count(*) FROM frame WHERE ok=1 AND cn=?", cn)).append(' ');
        }
        return b.toString().trim();
    }

    /** Runs {@code ecogate-sim ARGS} in this JVM: {exit code, what it printed}. */
    private static synchronized String[] sim(String... args) {
        PrintStream was = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            return new String[] {Integer.toString(SimMain.execute(args)), buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(was);
        }
    }
}
