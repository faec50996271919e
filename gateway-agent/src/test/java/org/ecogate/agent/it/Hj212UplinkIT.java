package org.ecogate.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ecogate.sim.hj212.FrameStore;
import org.ecogate.sim.hj212.Hj212Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15 must-hold: the HJ 212 platform is down for {@code -Dhj212.it.downSeconds} (default 60; the full
 * size is 600) while the agent is SIGKILLed twice; afterwards every minute/hour record of that period reaches the
 * simulated HJ 212 platform exactly once (by MN, CN, DataTime). The MQTT sync is unaffected throughout (lag checked
 * while the HJ 212 platform is down or never acks, nothing lost or doubled), and vice versa (broker killed: HJ 212
 * real-time data keeps arriving).
 */
class Hj212UplinkIT {
    static final String MN = "010000A8900016F000169DC0";
    static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneId.of("Asia/Shanghai"));
    @TempDir
    Path dir;

    static String yaml(int port) {
        return """
                detection:
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                    - {id: line1, template: meter, debounce: 1s, offlineAfter: 3s}
                hj212:
                  - name: province
                    host: 127.0.0.1
                    port: %d
                    mn: "%s"
                    pw: "123456"
                    st: "31"
                    timeout: 3s
                    retries: 1
                    realtimeInterval: 2s
                    factors: {fan1.current: e30101, line1.kw: e20101, line1.kwh: e20102}
                    equipment: {fan1: 1, line1: 2}
                """.formatted(port, MN);
    }

    /** Age of the newest reading stored by the ecogate (MQTT) platform, ms. */
    static long syncLag(Path platformDb) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + platformDb.toAbsolutePath());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT coalesce(max(ts), 0) FROM record WHERE stream='readings'")) {
            return System.currentTimeMillis() - rs.getLong(1);
        }
    }

    static long query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void platformDownAndTwoSigkillsThenEveryRecordOfThePeriodArrivesOnceAndTheSyncIsNeverSlowed() throws Exception {
        long down = Long.getLong("hj212.it.downSeconds", 60) * 1000;
        try (Hj212Rig h = new Hj212Rig(dir, Rig.PLANT)) {
            Rig rig = h.rig;
            FrameStore store = h.store;
            Hj212Platform platform = h.platform;
            int port = h.port;
            Path cfg = rig.agentConfig(yaml(port));
            Path platformDb = dir.resolve("platform.db");
            Process agent = rig.startAgentAndWait(cfg, "agent-1.log");
            rig.awaitLog("agent-1.log", "uplink province: connected", 20_000);
            awaitCount(store, "cn='2011' AND acked=1", 1, 20_000);

            // An HJ 212 platform that never acks does not slow the ecogate sync (measured once the sync delivers: before
            // its first reading the "lag" is the epoch, and the HJ 212 uplink may connect and send first).
            for (long end = System.currentTimeMillis() + 20_000; syncLag(platformDb) > 5_000 && System.currentTimeMillis() < end; ) {
                Thread.sleep(100);
            }
            platform.setDropAcks(true);
            List<Long> lags = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Thread.sleep(1000);
                lags.add(syncLag(platformDb));
            }
            platform.setDropAcks(false);
            assertThat(lags).as("sync lag (ms) while the HJ 212 platform never acks").allMatch(l -> l < 5_000);

            long downStart = System.currentTimeMillis();
            platform.stop();
            List<Process> agents = new ArrayList<>(List.of(agent));
            for (int kill = 1; kill <= 2; kill++) {
                sleepUntil(downStart + kill * down / 3);
                lags.clear();
                lags.add(syncLag(platformDb));
                assertThat(lags).as("sync lag (ms) while the HJ 212 platform is down").allMatch(l -> l < 5_000);
                agents.get(agents.size() - 1).destroyForcibly().waitFor();
                agents.add(rig.startAgentAndWait(cfg, "agent-" + (kill + 1) + ".log"));
            }
            sleepUntil(downStart + down);
            assertThat(syncLag(platformDb)).as("sync lag at the end of the HJ 212 outage").isLessThan(5_000);
            long downEnd = System.currentTimeMillis();
            platform.start(InetAddress.getLoopbackAddress(), port);

            // And vice versa: the broker dies, HJ 212 real-time data keeps arriving.
            Thread.sleep(4_000);
            rig.broker.kill();
            long before = store.count("SELECT count(*) FROM frame WHERE cn='2011'");
            Thread.sleep(6_000);
            assertThat(store.count("SELECT count(*) FROM frame WHERE cn='2011'") - before)
                    .as("2011 frames while the MQTT broker is down").isGreaterThanOrEqualTo(2);
            rig.broker.restart();

            // Wait until the last minute window overlapping the outage is closed and the HJ 212 cursor has everything the
            // buffer holds, then stop the agent.
            Path agentDb = rig.agentDb();
            long from = downStart / 60_000 * 60_000;
            long to = downEnd / 60_000 * 60_000;
            long deadline = System.currentTimeMillis() + 180_000;
            while (query(agentDb, "SELECT count(*) FROM doc WHERE stream='summaries' AND key LIKE 'minute:%' AND ts >= " + to) == 0
                    || query(agentDb, "SELECT delivered_through FROM uplink_cursor WHERE uplink='province'")
                    < query(agentDb, "SELECT last_seq FROM doc_seq WHERE stream='summaries'")) {
                assertThat(System.currentTimeMillis()).as("HJ 212 catch-up").isLessThan(deadline);
                Thread.sleep(500);
            }
            // status and sync status show the uplink, its cursor and backlog
            Process sync = rig.startCli(dir.resolve("sync.out"), "sync", "status", "--config", cfg.toString(), "--json");
            assertThat(sync.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            com.fasterxml.jackson.databind.JsonNode up = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(rig.log("sync.out")).path("uplinks").path(0);
            assertThat(up.path("name").asText()).as(rig.log("sync.out")).isEqualTo("province");
            assertThat(up.path("connected").asBoolean()).isTrue();
            assertThat(up.path("acked").asLong()).isPositive();
            Process status = rig.startCli(dir.resolve("status.out"), "status", "--config", cfg.toString());
            assertThat(status.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(rig.log("status.out")).contains("uplink province (hj212-2017 to 127.0.0.1:" + port + ", MN " + MN
                    + "): connected");
            System.out.println("Hj212UplinkIT: status: " + rig.log("status.out").lines()
                    .filter(l -> l.startsWith("uplink province")).findFirst().orElse(""));
            Process last = agents.get(agents.size() - 1);
            Rig.stop(last);
            rig.awaitQuiet();

            // Every minute/hour window overlapping the outage, exactly once.
            Map<String, Long> expected = new TreeMap<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + agentDb.toAbsolutePath());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT DISTINCT substr(key, 1, instr(key, ':') - 1), ts FROM doc "
                         + "WHERE stream='summaries' AND ts BETWEEN " + from + " AND " + to + " AND (key LIKE 'minute:%' OR key LIKE 'hour:%')")) {
                while (rs.next()) {
                    String cn = rs.getString(1).equals("minute") ? "2051" : "2061";
                    expected.put(cn + " " + DT.format(Instant.ofEpochMilli(rs.getLong(2))), 0L);
                }
            }
            // at least the window the outage began in (a window the agent was down for throughout has no summary)
            assertThat(expected.size()).as("windows of the outage period").isGreaterThanOrEqualTo(1);
            for (String k : expected.keySet()) {
                String[] p = k.split(" ");
                expected.put(k, store.count("SELECT count(*) FROM frame WHERE ok=1 AND mn=? AND cn=? AND data_time=?",
                        MN, p[0], p[1]));
            }
            assertThat(expected).as("frames per (CN, DataTime) at the HJ 212 platform; agent logs:\n%s",
                    rig.log("agent-3.log")).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1L));
            assertThat(store.count("SELECT count(*) FROM frame WHERE ok=0")).as("bad frames").isZero();
            assertThat(rig.compare().lost()).as("MQTT uplink: readings lost").isZero();
            assertThat(rig.compare().duplicates()).as("MQTT uplink: readings doubled").isZero();
            System.out.println("Hj212UplinkIT: outage " + down / 1000 + " s, 2 SIGKILLs, windows delivered once: " + expected);
        }
    }

    static void sleepUntil(long t) throws InterruptedException {
        long d = t - System.currentTimeMillis();
        if (d > 0) Thread.sleep(d);
    }

    static void awaitCount(FrameStore s, String where, long n, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (s.count("SELECT count(*) FROM frame WHERE " + where) < n) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no " + where + " within " + ms + " ms");
            Thread.sleep(100);
        }
    }
}
