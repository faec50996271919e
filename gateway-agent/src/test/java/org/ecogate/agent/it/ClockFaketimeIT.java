package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, item 1: a real agent process whose wall clock libfaketime moves (Debian {@code faketime}; monotonic time
 * left alone). It boots in 1970 (clock not trusted), NTP sets it right (a +56-year step), it jumps 400 days forward,
 * then 1 hour back. Every step is one clock_step event that reaches the platform; the 400-day jump drops nothing
 * as too old (before issue 12 it dropped the whole backlog as one maxAge gap); polling never stops. Issue 22: the fan
 * stops across the steps: the outage keeps one id and start in all its messages at the platform, and every minute
 * and hour summary holds exactly the samples stamped inside its label ({@code ecogate audit}: 0 differences).
 */
class ClockFaketimeIT {
    private static Path lib() throws java.io.IOException {
        try (var dirs = Files.list(Path.of("/usr/lib"))) { // /usr/lib/<multiarch>/faketime/ (Debian)
            return dirs.map(d -> d.resolve("faketime/libfaketimeMT.so.1")).filter(Files::exists).findFirst()
                    .orElse(Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1"));
        }
    }

    @TempDir
    Path dir;

    // issue 12
    @Test
    void bootIn1970ThenNtpThen400DaysForwardThenAnHourBack() throws Exception {
        Path lib = lib();
        assertThat(lib).as("libfaketime (Debian package faketime, installed by ./install)").exists();
        Path stamp = dir.resolve("faketime.txt");
        Files.writeString(stamp, "-20500d\n"); // 56 years back: 1970
        Map<String, String> env = Map.of("LD_PRELOAD", lib.toString(), "FAKETIME_TIMESTAMP_FILE", stamp.toString(),
                "FAKETIME_NO_CACHE", "1", "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "1");
        try (Rig rig = new Rig(dir, Rig.PLANT + """
                repeat: true
                duration: 16
                scenario:
                  - {at: 4, device: fan1, action: stop}
                  - {at: 12, device: fan1, action: start}
                """)) {
            Path cfg = rig.agentConfig(null);
            Files.writeString(cfg, Files.readString(cfg) + """
                    detection:
                      equipment:
                        - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                        - {id: line1, template: meter, debounce: 1s, offlineAfter: 3s}
                      facilities:
                        - {id: tf1, equipment: [fan1], production: [line1], grace: 1s}
                      summaries: {grace: 1s}
                    """);
            Process agent = rig.startCli(env, dir.resolve("agent.log"), "run", "--config", cfg.toString());
            rig.awaitLog("agent.log", "agent " + Rig.GATEWAY + " running", 120_000);
            Thread.sleep(2500);
            Files.writeString(stamp, "+0\n"); // NTP: the real time
            awaitSteps(rig, 1);
            Files.writeString(stamp, "+400d\n");
            awaitSteps(rig, 2);
            long before = EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM reading");
            Thread.sleep(11_000); // retention by age runs every 10 s
            Files.writeString(stamp, "+9599h\n"); // 400 days less 1 hour: back an hour
            awaitSteps(rig, 3);
            Thread.sleep(1500);
            assertThat(agent.isAlive()).as("log:\n%s", rig.log("agent.log")).isTrue();
            assertThat(Rig.stop(agent)).isZero();
            rig.awaitQuiet();

            String log = rig.log("agent.log");
            log.lines().filter(l -> l.contains("clock_step") || l.contains("not trusted")).forEach(System.out::println);
            assertThat(log).contains("wall clock not trusted: it reads 1970-");
            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM doc WHERE stream='gaps'"))
                    .as("nothing dropped by age; log:\n%s", log).isZero();
            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM reading")).as("polling went on").isGreaterThan(before + 40);
            assertThat(sizes(rig.agentDb())).satisfiesExactly(
                    s -> assertThat(s).isGreaterThan(55L * 365 * 86_400_000L),
                    s -> assertThat(s).isBetween(400 * 86_400_000L - 5000, 400 * 86_400_000L + 5000),
                    s -> assertThat(s).isBetween(-3_600_000L - 5000, -3_600_000L + 5000));
            assertThat(EndToEndIT.count(dir.resolve("platform.db"), "SELECT count(*) FROM record WHERE stream='events' "
                    + "AND body LIKE '%\"type\":\"clock_step\"%'")).as("clock_step events at the platform").isEqualTo(3);
            Path platform = dir.resolve("platform.db");
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM record WHERE stream='readings' AND quality='time_untrusted' "
                    + "AND value IS NOT NULL AND ts < 1767225600000")).as("values read in 1970 arrive flagged").isPositive();
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM record WHERE stream='readings' AND quality='time_untrusted' "
                    + "AND ts >= 1767225600000")).as("none flagged once the clock is trusted").isZero();
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM record WHERE stream='readings' AND quality='good' "
                    + "AND ts < 1767225600000")).as("no unflagged reading dated 1970").isZero();

            // issue 22: one id, one start per event across all its messages at the platform
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM record WHERE stream='events' AND body LIKE '%\"type\":\"outage\"%' "
                    + "AND body LIKE '%\"status\":\"close\"%'")).as("outages closed at the platform (the fan stops 8 s in every 16)").isGreaterThanOrEqualTo(1);
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM (SELECT json_extract(body, '$.id') FROM record WHERE stream='events' "
                    + "AND json_extract(body, '$.type') IN ('outage', 'data_gap') GROUP BY 1 HAVING count(DISTINCT json_extract(body, '$.start')) > 1)"))
                    .as("events with more than one start").isZero();
            assertThat(EndToEndIT.count(platform, "SELECT count(*) FROM record WHERE stream='events' "
                    + "AND json_extract(body, '$.type') IN ('outage', 'data_gap') AND json_extract(body, '$.id') NOT LIKE '%-' || json_extract(body, '$.start')"))
                    .as("ids carrying their wall start").isZero();
            // and every summary holds exactly the samples stamped inside its label
            Process audit = rig.startCli(dir.resolve("audit.out"), "audit", "--config", cfg.toString());
            assertThat(audit.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            System.out.println(rig.log("audit.out"));
            assertThat(audit.exitValue()).as("audit:\n%s", rig.log("audit.out")).isZero();
            assertThat(rig.log("audit.out")).contains(": 0 differences");
            assertThat(EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM doc WHERE stream='summaries' AND body LIKE '%\"note\":\"clock_step\"%'"))
                    .as("summaries closed by a step").isPositive();
        }
    }

    private static java.util.List<Long> sizes(Path db) throws Exception {
        java.util.List<Long> out = new java.util.ArrayList<>();
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); var st = c.createStatement();
             var rs = st.executeQuery("SELECT json_extract(body, '$.size') FROM doc WHERE stream='events' "
                     + "AND json_extract(body, '$.type') = 'clock_step' ORDER BY seq")) {
            while (rs.next()) out.add(rs.getLong(1));
        }
        return out;
    }

    private static void awaitSteps(Rig rig, long n) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (EndToEndIT.count(rig.agentDb(), "SELECT count(*) FROM doc WHERE stream='events' AND body LIKE '%clock_step%'") >= n) return;
            Thread.sleep(100);
        }
        throw new AssertionError("no clock_step #" + n + " within 10 s; log:\n" + rig.log("agent.log"));
    }
}
