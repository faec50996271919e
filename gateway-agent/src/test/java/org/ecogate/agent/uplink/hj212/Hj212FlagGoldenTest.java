package org.ecogate.agent.uplink.hj212;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.hj212.Cn;
import org.ecogate.hj212.CrcVariant;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.Packet;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 22, items 2 and 5: the 2011 data flags as the standard means them, as golden frames. Each case builds the
 * frame the agent sends from readings and equipment states (membership from the device: fan1.current and fan1.freq
 * belong to fan1 although its rule reads only fan1.run) and compares it byte for byte with
 * {@code testcases/hj212/flag-*}/frame.txt, written by generate.py with an independent CRC.
 */
class Hj212FlagGoldenTest {
    private static final Path CASES = Path.of("../testcases/hj212");
    private static final String MN = "010000A8900016F000169DC0";
    private static final long NOW = LocalDateTime.parse("2026-12-07T00:50:10").atZone(ZoneId.of("Asia/Shanghai")).toInstant().toEpochMilli();

    private static Map<String, String> membership() throws Exception {
        DetectionConfig d = DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                equipment:
                  - {id: fan1, template: fan, rules: {running: {point: fan1.run, equals: 1}}}
                """)).withDevices(Map.of("fan1", List.of("fan1.current", "fan1.freq", "fan1.run")), Map.of());
        return d.pointEquipment();
    }

    private static String frame(Map<String, Reading> latest, String fanState) throws Exception {
        Map<String, String> members = membership();
        Hj212UplinkConfig cfg = new Hj212UplinkConfig("prov", "127.0.0.1", 1, MN, "123456", "31", "2017", "hj212",
                Duration.ofSeconds(10), 3, Duration.ofSeconds(30), List.of("realtime"), Duration.ZERO, "Asia/Shanghai",
                Map.of("fan1.current", "e30101", "fan1.freq", "e30102"), Map.of("fan1", 1), Duration.ZERO, false);
        LiveData live = new LiveData() {
            public Map<String, Reading> latest() {
                return latest;
            }

            public Map<String, String> equipmentStates() {
                return fanState == null ? Map.of() : Map.of("fan1", fanState);
            }

            public Map<String, String> pointEquipment() {
                return members;
            }
        };
        Packet p = new Packet("20261207005010000", "31", Cn.REALTIME, "123456", MN, 5, new Messages(cfg).realtime(NOW, 60_000, live));
        return Frame.encodeText(p, CrcVariant.HJ212);
    }

    private static String golden(String name) throws Exception {
        return Files.readString(CASES.resolve(name).resolve("frame.txt"), StandardCharsets.UTF_8);
    }

    private static Reading good(String point, double v) {
        return Reading.good(point, NOW - 500, v);
    }

    @Test
    void everyPointOfAStoppedFansDeviceIsF() throws Exception {
        assertThat(frame(Map.of("fan1.current", good("fan1.current", 4.073), "fan1.freq", good("fan1.freq", 0.5)), "STOPPED"))
                .isEqualTo(golden("flag-F-equipment-stopped"));
    }

    @Test
    void anAbnormalFanIsD() throws Exception {
        assertThat(frame(Map.of("fan1.current", good("fan1.current", 131.2), "fan1.freq", good("fan1.freq", 49.9)), "ABNORMAL"))
                .isEqualTo(golden("flag-D-equipment-abnormal"));
    }

    @Test
    void noReadingOrACommFaultIsBWithoutAValue() throws Exception {
        assertThat(frame(Map.of("fan1.freq", Reading.missing("fan1.freq", NOW - 500, Quality.COMM_FAULT)), "RUNNING"))
                .isEqualTo(golden("flag-B-no-data"));
    }

    @Test
    void outOfRangeIsTAndTheOtherPointStaysN() throws Exception {
        assertThat(frame(Map.of("fan1.current", Reading.missing("fan1.current", NOW - 500, Quality.OUT_OF_RANGE),
                "fan1.freq", good("fan1.freq", 49.9)), "RUNNING")).isEqualTo(golden("flag-T-out-of-range"));
    }

    @Test
    void aMinuteMissingAQuarterOfItsSamplesIsSentWithItsValuesAndFlagB() {
        Hj212UplinkConfig cfg = new Hj212UplinkConfig("prov", "127.0.0.1", 1, MN, "123456", "31", "2017", "hj212",
                Duration.ofSeconds(10), 3, Duration.ofSeconds(30), List.of("minute"), Duration.ZERO, "Asia/Shanghai",
                Map.of("fan1.current", "e30101"), Map.of("fan1", 1), Duration.ZERO, false);
        String body = "{\"kind\":\"minute\",\"subject\":\"fan1.current\",\"start\":%d,\"count\":%d,\"min\":1,\"max\":3,\"avg\":2,"
                + "\"expected\":60,\"coverage\":%s}";
        org.ecogate.agent.buffer.BufferedRecord full = new org.ecogate.agent.buffer.BufferedRecord(1, null,
                new org.ecogate.agent.buffer.Doc("summaries", "minute:fan1.current", NOW, body.formatted(NOW, 60, "1.0")));
        org.ecogate.agent.buffer.BufferedRecord part = new org.ecogate.agent.buffer.BufferedRecord(2, null,
                new org.ecogate.agent.buffer.Doc("summaries", "minute:fan1.current", NOW, body.formatted(NOW, 30, "0.5")));
        Messages m = new Messages(cfg);
        assertThat(m.summaries(Cn.MINUTE, List.of(full)).text()).contains("e30101-Avg=2,e30101-Max=3,e30101-Flag=N");
        assertThat(m.summaries(Cn.MINUTE, List.of(part)).text()).contains("e30101-Avg=2,e30101-Max=3,e30101-Flag=B");
    }
}
