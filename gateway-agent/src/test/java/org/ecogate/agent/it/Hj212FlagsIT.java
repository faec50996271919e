package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, item 2, with real parts: the simulated plant stops its fan from 20 s to 40 s after start; the agent sends
 * HJ 212 to the simulated platform. Every 2011 whose 2021 (same DataTime) says the fan is stopped (SB1-RS=0) flags
 * every mapped point of the fan's device F, also the points no detection rule names (before: only fan1.run's
 * equipment knew it, fan1.current went out N); no 2011 after the start is all B (it waits for the first poll).
 */
class Hj212FlagsIT {
    @TempDir
    Path dir;

    static final String PLANT = """
            host: 127.0.0.1
            devices:
              - {id: fan1, type: fan, port: 0}
              - {id: line1, type: meter, port: 0}
            scenario:
              - {at: 20, device: fan1, action: stop}
              - {at: 40, device: fan1, action: start}
            """;

    static String yaml(int port) {
        return """
                detection:
                  equipment:
                    - {id: fan1, template: fan, debounce: 1s, offlineAfter: 3s, rules: {running: {point: fan1.run, equals: 1}}}
                    - {id: line1, template: meter, debounce: 1s, offlineAfter: 3s}
                uplinks:
                  - name: province
                    host: 127.0.0.1
                    port: %d
                    mn: "%s"
                    pw: "123456"
                    st: "31"
                    timeout: 3s
                    retries: 1
                    realtimeInterval: 1s
                    send: [realtime, status]
                    factors: {fan1.current: e30101, fan1.freq: e30102, fan1.speed: e30103, line1.kw: e20101}
                    equipment: {fan1: 1, line1: 2}
                """.formatted(port, Hj212UplinkIT.MN);
    }

    @Test
    void aStoppedFanFlagsEveryPointOfItsDeviceFAndTheFirst2011IsNotAllB() throws Exception {
        try (Hj212Rig h = new Hj212Rig(dir, PLANT)) {
            Rig rig = h.rig;
            Path cfg = rig.agentConfig(yaml(h.port));
            Process agent = rig.startAgent(cfg, "agent.log");
            rig.awaitLog("agent.log", "agent " + Rig.GATEWAY + " running", 120_000);
            Thread.sleep(50_000);
            Rig.stop(agent);

            Map<String, String> rt = new LinkedHashMap<>();     // DataTime -> 2011 CP
            Map<String, String> status = new LinkedHashMap<>(); // DataTime -> 2021 CP
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("hj212.db"));
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT cn, data_time, data FROM frame WHERE ok=1 AND cn IN ('2011','2021') ORDER BY id")) {
                while (rs.next()) (rs.getString(1).equals("2011") ? rt : status).putIfAbsent(rs.getString(2), rs.getString(3));
            }
            assertThat(rt).as("2011 frames; log:\n%s", rig.log("agent.log")).hasSizeGreaterThan(20);
            String first = rt.values().iterator().next();
            System.out.println("first 2011: " + first);
            assertThat(first).as("the first 2011 after start").contains("-Flag=N");
            List<String> stopped = new ArrayList<>();
            for (Map.Entry<String, String> s : status.entrySet()) {
                if (!s.getValue().contains("SB1-RS=0") || !rt.containsKey(s.getKey())) continue;
                String cp = rt.get(s.getKey());
                stopped.add(s.getKey());
                for (String code : List.of("e30101", "e30102", "e30103")) {
                    assertThat(cp).as("2011 of %s while SB1-RS=0: %s", s.getKey(), cp).contains(code + "-Flag=F");
                }
                assertThat(cp).as("line1 runs: %s", cp).contains("e20101-Flag=N");
            }
            System.out.println("2011 frames while the fan was stopped: " + stopped.size() + ", e.g. " + (stopped.isEmpty() ? "-" : rt.get(stopped.get(0))));
            assertThat(stopped).as("DataTimes with the fan stopped (2021 SB1-RS=0)").hasSizeGreaterThan(5);
        }
    }
}
