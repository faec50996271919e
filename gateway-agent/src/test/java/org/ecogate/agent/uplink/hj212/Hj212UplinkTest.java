package org.ecogate.agent.uplink.hj212;

import org.ecogate.sync.testkit.Await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.sim.hj212.FrameStore;
import org.ecogate.sim.hj212.Hj212Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15: the HJ 212 uplink against the simulated platform over real loopback TCP, real SQLite buffer. */
class Hj212UplinkTest {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    static final String MN = "010000A8900016F000169DC0";
    // 2026-01-01 10:15:00 +08:00
    static final long T0 = 1767233700000L;
    @TempDir
    Path dir;
    FrameStore store;
    Hj212Platform platform;
    SqliteBuffer buffer;
    Hj212Uplink uplink;
    int port;

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

    Hj212UplinkConfig cfg(List<String> send, Duration interval) {
        return cfg(send, interval, "2017", Duration.ZERO);
    }

    Hj212UplinkConfig cfg(List<String> send, Duration interval, String version, Duration heartbeat) {
        return new Hj212UplinkConfig("prov", "127.0.0.1", port, MN, "123456", "31", version, "hj212",
                Duration.ofMillis(300), 1, interval, send, Duration.ZERO, "Asia/Shanghai",
                Map.of("fan1.current", "e30101", "line1.kwh", "e20101"), Map.of("fan1", 1), heartbeat, false);
    }

    void start(Hj212UplinkConfig c, LiveData live) throws Exception {
        uplink = new Hj212Uplink(c, buffer, live, Clock.systemUTC(), SiteTime.REFUSE, dir.resolve("state.properties"));
        uplink.start();
    }

    void minute(long start, double avg) throws Exception {
        buffer.appendCycle(List.of(), List.of(
                doc("minute", "fan1.current", start, "{\"kind\":\"minute\",\"subject\":\"fan1.current\",\"start\":" + start
                        + ",\"count\":30,\"min\":" + (avg - 1) + ",\"max\":" + (avg + 1) + ",\"avg\":" + avg + "}"),
                doc("minute", "line1.kwh", start, "{\"kind\":\"minute\",\"subject\":\"line1.kwh\",\"start\":" + start
                        + ",\"count\":0}"),
                doc("minute", "unmapped.x", start, "{\"kind\":\"minute\",\"subject\":\"unmapped.x\",\"start\":" + start
                        + ",\"count\":3,\"min\":1,\"max\":1,\"avg\":1}")), null);
        uplink.wakeUp();
    }

    static Doc doc(String kind, String subject, long start, String body) {
        return new Doc(Buffer.SUMMARIES, kind + ":" + subject, start, body);
    }

    long count(String where) throws Exception {
        return store.count("SELECT count(*) FROM frame WHERE ok=1 AND " + where);
    }

    @Test
    void minuteSummariesGoOutInOrderEachAckedAndTheCursorFollows() throws Exception {
        start(cfg(List.of("minute"), Duration.ofSeconds(30)), LiveData.NONE);
        minute(T0, 12.5);
        minute(T0 + 60_000, 13);
        Await.until("two 2051", TEN_SECONDS, () -> count("cn='2051'") == 2);
        assertThat(store.count("SELECT count(*) FROM frame WHERE cn='2051' AND data_time='20260101101500' AND data LIKE "
                + "'%DataTime=20260101101500;e30101-Min=11.5,e30101-Avg=12.5,e30101-Max=13.5,e30101-Flag=N;e20101-Flag=B&&'"))
                .as("CP of the first minute: mapped points only, no value for a window without samples").isEqualTo(1);
        Await.until("cursor at 6", TEN_SECONDS, () -> buffer.cursors().position("prov", Buffer.SUMMARIES) == 6);
    }

    @Test
    void anUnansweredRecordIsResentThenKeptAndDeliveredLater() throws Exception {
        platform.setDropAcks(true);
        start(cfg(List.of("minute"), Duration.ofSeconds(30)), LiveData.NONE);
        minute(T0, 1);
        Await.until("2 attempts (retries 1)", TEN_SECONDS, () -> count("cn='2051'") >= 2);
        assertThat(buffer.cursors().position("prov", Buffer.SUMMARIES)).isZero();
        platform.setDropAcks(false);
        Await.until("acked", TEN_SECONDS, () -> buffer.cursors().position("prov", Buffer.SUMMARIES) == 3);
        assertThat(count("cn='2051' AND acked=1")).isEqualTo(1);
        assertThat(uplink.status().unanswered()).isPositive();
    }

    @Test
    void resendOnRequestAnswers9011RecordsThen9012AndNoDataForARangeNotHeld() throws Exception {
        start(cfg(List.of("minute"), Duration.ofSeconds(30)), LiveData.NONE);
        minute(T0, 1);
        minute(T0 + 60_000, 2);
        Await.until("live", TEN_SECONDS, () -> count("cn='2051'") == 2);
        Await.until("connected", TEN_SECONDS, () -> uplink.status().connected());
        String q = platform.requestResend(MN, "2051", "20260101101500", "20260101101559");
        Await.until("9012", TEN_SECONDS, () -> count("cn='9012' AND qn='" + q + "'") == 1);
        assertThat(count("cn='9011' AND qn='" + q + "' AND data LIKE '%QnRtn=1&&'")).isEqualTo(1);
        assertThat(count("cn='2051' AND data_time='20260101101500'")).as("re-sent once, own QN").isEqualTo(2);
        assertThat(count("cn='2051' AND qn='" + q + "'")).isZero();
        assertThat(count("cn='9012' AND qn='" + q + "' AND data LIKE '%ExeRtn=1&&'")).isEqualTo(1);
        String none = platform.requestResend(MN, "2051", "20250101000000", "20250101235959");
        Await.until("9012 no data", TEN_SECONDS, () -> count("cn='9012' AND qn='" + none + "' AND data LIKE '%ExeRtn=100&&'") == 1);
    }

    @Test
    void systemCommandsAnswerAndSetTimeGoesThroughTheClockAbstraction() throws Exception {
        start(cfg(List.of("minute"), Duration.ofSeconds(30)), LiveData.NONE);
        Await.until("connected", TEN_SECONDS, () -> platform.connectionCount() == 1);
        minute(T0, 1); // the platform learns the site's MN from its first frame
        Await.until("live", TEN_SECONDS, () -> count("cn='2051'") == 1);
        String get = platform.command(MN, "1011", Cp.EMPTY);
        Await.until("1011 answer", TEN_SECONDS, () -> count("cn='1011' AND qn='" + get + "' AND data LIKE '%SystemTime=%'") == 1);
        String set = platform.command(MN, "1062", Cp.builder().item("RtdInterval", "60").build());
        Await.until("1062 done", TEN_SECONDS, () -> count("cn='9012' AND qn='" + set + "' AND data LIKE '%ExeRtn=1&&'") == 1);
        String rtd = platform.command(MN, "1061", Cp.EMPTY);
        Await.until("1061", TEN_SECONDS, () -> count("cn='1061' AND qn='" + rtd + "' AND data LIKE '%RtdInterval=60&&'") == 1);
        assertThat(java.nio.file.Files.readString(dir.resolve("state.properties"))).contains("realtimeIntervalMs=60000");
        assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve("state.properties"))).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        String time = platform.command(MN, "1012", Cp.builder().item("SystemTime", "20260101120000").build());
        Await.until("1012 refused", TEN_SECONDS, () -> count("cn='9012' AND qn='" + time + "' AND data LIKE '%ExeRtn=2&&'") == 1);
        String odd = platform.command(MN, "3020", Cp.EMPTY);
        Await.until("unknown CN", TEN_SECONDS, () -> count("cn='9011' AND qn='" + odd + "' AND data LIKE '%QnRtn=8&&'") == 1);
    }

    @Test
    void dayDataIsComputedFromTheHourSummariesWhenTheDaysLastHourCloses() throws Exception {
        start(cfg(List.of("day"), Duration.ofSeconds(30)), LiveData.NONE);
        long day = 1767196800000L; // 2026-01-01 00:00 +08:00
        for (int h = 0; h < 24; h++) {
            long start = day + h * 3_600_000L;
            buffer.appendCycle(List.of(), List.of(doc("hour", "fan1.current", start, "{\"kind\":\"hour\",\"subject\":"
                    + "\"fan1.current\",\"start\":" + start + ",\"count\":" + (h < 12 ? 10 : 30) + ",\"min\":" + h
                    + ",\"max\":" + (h + 10) + ",\"avg\":" + (h < 12 ? 1 : 5) + "}")), null);
            if (h == 22) {
                Thread.sleep(300);
                assertThat(count("cn='2031'")).as("no day before its last hour").isZero();
            }
        }
        uplink.wakeUp();
        Await.until("2031", TEN_SECONDS, () -> count("cn='2031' AND acked=1") == 1);
        // avg weighted by count: (12*10*1 + 12*30*5) / 480 = 4
        assertThat(count("cn='2031' AND data_time='20260101000000' AND data LIKE "
                + "'%e30101-Min=0,e30101-Avg=4,e30101-Max=33,e30101-Flag=N&&'")).isEqualTo(1);
        assertThat(count("cn='2061'")).as("hours not wanted by this platform").isZero();
        String q = platform.requestResend(MN, "2031", "20260101000000", "20260101235959");
        Await.until("9012", TEN_SECONDS, () -> count("cn='9012' AND qn='" + q + "' AND data LIKE '%ExeRtn=1&&'") == 1);
        assertThat(count("cn='2031' AND data_time='20260101000000'")).isEqualTo(2);
    }

    @Test
    void version2025SetsTheFlagBitsAndSendsA9015HeartbeatAnsweredBy9013() throws Exception {
        start(cfg(List.of("minute"), Duration.ofSeconds(30), "2025", Duration.ofMillis(1000)), LiveData.NONE);
        minute(T0, 1);
        Await.until("2051 with Flag 9", TEN_SECONDS, () -> count("cn='2051' AND flag=9 AND acked=1") == 1);
        Await.until("heartbeat", TEN_SECONDS, () -> count("cn='9015' AND flag=9 AND acked=1") >= 1);
        assertThat(uplink.status().connects()).isEqualTo(1L); // each heartbeat was answered: no reconnect
    }

    @Test
    void realtimeFlagsCommLossAsBWithNoValueAndAStoppedFanAsF() throws Exception {
        long now = System.currentTimeMillis();
        LiveData live = new LiveData() {
            public Map<String, Reading> latest() {
                return Map.of("fan1.current", Reading.good("fan1.current", System.currentTimeMillis(), 0.25),
                        "line1.kwh", Reading.missing("line1.kwh", System.currentTimeMillis(), Quality.COMM_FAULT));
            }

            public Map<String, String> equipmentStates() {
                return Map.of("fan1", "STOPPED");
            }

            public Map<String, String> pointEquipment() {
                return Map.of("fan1.current", "fan1");
            }
        };
        start(cfg(List.of("realtime", "status"), Duration.ofSeconds(1)), live);
        Await.until("2011", TEN_SECONDS, () -> count("cn='2011'") >= 1);
        assertThat(store.count("SELECT count(*) FROM frame WHERE cn='2011' AND data LIKE "
                + "'%;e30101-Rtd=0.25,e30101-Flag=F;e20101-Flag=B&&'")).isPositive();
        Await.until("2021", TEN_SECONDS, () -> count("cn='2021' AND data LIKE '%;SB1-RS=0&&'") >= 1);
        assertThat(now).isPositive();
    }
}
