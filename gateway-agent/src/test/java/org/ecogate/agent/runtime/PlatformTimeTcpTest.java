package org.ecogate.agent.runtime;

import org.ecogate.sync.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.AgentClock;
import org.ecogate.agent.uplink.hj212.Hj212Uplink;
import org.ecogate.agent.uplink.hj212.LiveData;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.sim.hj212.FrameStore;
import org.ecogate.sim.hj212.Hj212Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the simulated HJ 212 platform sends 1012 over real loopback TCP; with acceptTime the agent answers
 * ExeRtn=1 and later QNs and DataTimes are on the platform's time (the system clock untouched); without, ExeRtn=2.
 */
class PlatformTimeTcpTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static final String MN = "010000A8900016F000169DC0";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZONE);
    @TempDir
    Path dir;
    FrameStore store;
    Hj212Platform platform;
    SqliteBuffer buffer;
    Hj212Uplink uplink;
    int port;
    final ClockService clock = new ClockService(AgentClock.SYSTEM, 2000, ClockService.TRUST_FLOOR_MS);
    final List<String> recorded = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        store = new FrameStore(dir.resolve("platform.db"));
        platform = new Hj212Platform(store, CrcVariant.HJ212, Clock.systemUTC());
        port = platform.start(InetAddress.getLoopbackAddress(), 0);
        buffer = SqliteBuffer.open(dir.resolve("agent.db"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (uplink != null) uplink.close();
        buffer.close();
        platform.close();
        store.close();
    }

    void start(boolean acceptTime) throws Exception {
        Hj212UplinkConfig c = new Hj212UplinkConfig("prov", "127.0.0.1", port, MN, "123456", "31", "2017", "hj212",
                Duration.ofMillis(500), 1, Duration.ofSeconds(1), List.of("realtime"), Duration.ZERO, ZONE.getId(),
                Map.of("fan1.current", "e30101"), Map.of(), Duration.ZERO, acceptTime);
        LiveData live = new LiveData() { // a reading stamped now, as the agent stamps its poll cycles
            public Map<String, Reading> latest() {
                return Map.of("fan1.current", new Reading("fan1.current", clock.wallNow(), 12.5, Quality.GOOD));
            }

            public Map<String, String> equipmentStates() {
                return Map.of();
            }

            public Map<String, String> pointEquipment() {
                return Map.of();
            }
        };
        PlatformTime time = new PlatformTime(clock, "prov", acceptTime, (step, source) ->
                recorded.add(ClockSteps.doc(step, clock.trusted(), source).body()));
        uplink = new Hj212Uplink(c, buffer, live, clock.wallClock(), time, dir.resolve("state.properties"));
        uplink.start();
        Await.until("connected and sending", TEN_SECONDS, () -> count("cn='2011'") >= 1);
    }

    // issue 15
    @Test
    void acceptTimeOnPlatformTimeIsAppliedAndLaterStampsFollowIt() throws Exception {
        start(true);
        long system = System.currentTimeMillis();
        Instant tomorrow = Instant.ofEpochMilli(system).plus(Duration.ofDays(1));
        String set = platform.command(MN, "1012", Cp.builder().item("SystemTime",
                DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZONE).format(tomorrow)).build());
        Await.until("9011 QnRtn=1", TEN_SECONDS, () -> count("cn='9011' AND qn='" + set + "' AND data LIKE '%QnRtn=1&&'") == 1);
        Await.until("9012 ExeRtn=1", TEN_SECONDS, () -> count("cn='9012' AND qn='" + set + "' AND data LIKE '%ExeRtn=1&&'") == 1);
        String day = DAY.format(tomorrow);
        Await.until("a 2011 on the platform's day", TEN_SECONDS, () -> count("cn='2011' AND qn LIKE '" + day + "%' AND data LIKE '%DataTime=" + day + "%'") >= 1);
        assertThat(Math.abs(System.currentTimeMillis() - system)).as("the system clock is untouched").isLessThan(60_000);
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0)).contains("\"type\":\"clock_step\"").contains("\"source\":\"hj212 platform prov\"")
                .contains("\"trusted\":true");
        assertThat(clock.trusted()).isTrue();
        String get = platform.command(MN, "1011", Cp.EMPTY);
        Await.until("1011 answers the platform's time", TEN_SECONDS, () -> count("cn='1011' AND qn='" + get + "' AND data LIKE '%SystemTime=" + day + "%'") == 1);
    }

    // issue 15
    @Test
    void acceptTimeOff1012IsRefused() throws Exception {
        start(false);
        String set = platform.command(MN, "1012", Cp.builder().item("SystemTime", "20991231120000").build());
        Await.until("9011 QnRtn=1", TEN_SECONDS, () -> count("cn='9011' AND qn='" + set + "' AND data LIKE '%QnRtn=1&&'") == 1);
        Await.until("9012 ExeRtn=2", TEN_SECONDS, () -> count("cn='9012' AND qn='" + set + "' AND data LIKE '%ExeRtn=2&&'") == 1);
        assertThat(recorded).isEmpty();
        assertThat(clock.correction()).isZero();
        long before = count("cn='2011'");
        Await.until("a later 2011", TEN_SECONDS, () -> count("cn='2011'") > before);
        assertThat(count("cn='2011' AND qn LIKE '2099%'")).isZero();
        assertThat(count("cn='2011' AND data LIKE '%DataTime=2099%'")).isZero();
    }

    long count(String where) throws Exception {
        return store.count("SELECT count(*) FROM frame WHERE ok=1 AND " + where);
    }

}
