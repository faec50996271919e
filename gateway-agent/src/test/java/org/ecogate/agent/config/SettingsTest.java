package org.ecogate.agent.config;

import org.ecogate.sync.testkit.CliRun;
import org.ecogate.agent.cli.Main;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11: one registry of typed settings; the loader's defaults are the registry's, and the CLI prints them all. */
class SettingsTest {
    private static final String MINIMAL = """
            gateway: gw1
            uplink: {broker: "tcp://127.0.0.1:1883"}
            devices:
              - id: fan1
                host: 127.0.0.1
                points: [{name: freq, address: 0}]
              - id: rtu1
                transport: modbus-rtu
                serial: /dev/ttyUSB0
                points: [{name: freq, address: 0}]
            """;

    // issue 11
    @Test
    void theLoaderFillsInTheRegistrysDefaults() throws Exception {
        AgentConfig c = ConfigLoader.parse("min.yaml", MINIMAL, Path.of("."));
        DeviceConfig tcp = c.devices().get(0), rtu = c.devices().get(1);
        assertThat(tcp.transport().name()).isEqualTo(Settings.DEVICE_TRANSPORT.defaultValue());
        assertThat(((Transport.ModbusTcp) tcp.transport()).port()).isEqualTo(Settings.DEVICE_PORT.defaultValue());
        assertThat(tcp.unit()).isEqualTo(Settings.DEVICE_UNIT.defaultValue());
        assertThat(tcp.interval()).isEqualTo(Settings.DEVICE_INTERVAL.defaultValue());
        assertThat(tcp.timeout()).isEqualTo(Settings.DEVICE_TIMEOUT.defaultValue());
        assertThat(tcp.retries()).isEqualTo(Settings.DEVICE_RETRIES.defaultValue());
        assertThat(tcp.maxRegisters()).isEqualTo(Settings.DEVICE_MAX_REGISTERS.defaultValue());
        assertThat(tcp.maxBits()).isEqualTo(Settings.DEVICE_MAX_BITS.defaultValue());
        assertThat(tcp.maxGap()).isEqualTo(Settings.DEVICE_MAX_GAP.defaultValue());
        assertThat(tcp.pause()).isEqualTo(Settings.DEVICE_PAUSE.defaultValue());
        assertThat(tcp.offlineAfter()).isEqualTo(Settings.DEVICE_OFFLINE_AFTER.defaultValue());
        assertThat(tcp.probe()).isEqualTo(Settings.DEVICE_PROBE.defaultValue());
        assertThat(tcp.points().get(0).order()).isEqualTo(Settings.DEVICE_ORDER.defaultValue());
        Transport.ModbusRtu line = (Transport.ModbusRtu) rtu.transport();
        assertThat(line.baud()).isEqualTo(Settings.DEVICE_BAUD.defaultValue());
        assertThat(line.parity()).isEqualTo(Settings.DEVICE_PARITY.defaultValue());
        assertThat(line.dataBits()).isEqualTo(Settings.DEVICE_DATA_BITS.defaultValue());
        assertThat(line.stopBits()).isEqualTo(Settings.DEVICE_STOP_BITS.defaultValue());
        UplinkConfig u = c.uplink();
        assertThat(u.batchMaxRecords()).isEqualTo(Settings.UPLINK_BATCH_MAX_RECORDS.defaultValue());
        assertThat(u.batchMaxBytes()).isEqualTo(Settings.UPLINK_BATCH_MAX_BYTES.defaultValue());
        assertThat(u.window()).isEqualTo(Settings.UPLINK_WINDOW.defaultValue());
        assertThat(u.ackTimeout()).isEqualTo(Settings.UPLINK_ACK_TIMEOUT.defaultValue());
        assertThat(u.drainOnStop()).isEqualTo(Settings.UPLINK_DRAIN_ON_STOP.defaultValue());
        assertThat(u.encoding()).isEqualTo(Settings.UPLINK_ENCODING.defaultValue());
        assertThat(u.statusInterval()).isEqualTo(Settings.UPLINK_STATUS_INTERVAL.defaultValue());
        assertThat(u.historicalAfter()).isEqualTo(Settings.UPLINK_HISTORICAL_AFTER.defaultValue());
        assertThat(u.verifyHostname()).isEqualTo(Settings.UPLINK_VERIFY_HOSTNAME.defaultValue());
        assertThat(u.liveFirst()).isEqualTo(Settings.UPLINK_LIVE_FIRST.defaultValue());
        BufferConfig b = c.buffer();
        assertThat(b.path()).isEqualTo(Settings.BUFFER_PATH.defaultValue());
        assertThat(b.maxBytes()).isEqualTo(Settings.BUFFER_MAX_BYTES.defaultValue());
        assertThat(b.maxAge()).isEqualTo(Settings.BUFFER_MAX_AGE.defaultValue());
        assertThat(b.keepAcked()).isEqualTo(Settings.BUFFER_KEEP_ACKED.defaultValue());
        assertThat(b.keepDocs()).isEqualTo(Settings.BUFFER_KEEP_DOCS.defaultValue());
        assertThat(b.memoryCycles()).isEqualTo(Settings.BUFFER_MEMORY_CYCLES.defaultValue());
    }

    // issue 11
    @Test
    void boundsComeFromTheRegistry() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> ConfigLoader.parse("b.yaml",
                MINIMAL.replace("host: 127.0.0.1\n", "host: 127.0.0.1\n    retries: 6\n"), Path.of("."))))
                .hasMessageContaining("devices[0].retries: 6 is out of range " + Settings.DEVICE_RETRIES.rangeText());
    }

    // issue 11
    @Test
    void configDefaultsPrintsEverySetting() {
        CliRun r = CliRun.of(Main::execute, "config", "defaults");
        int code = r.code();
        String text = r.out();
        assertThat(code).isZero();
        assertThat(text.lines().findFirst().orElseThrow()).startsWith("KEY").contains("DEFAULT", "UNIT", "RANGE", "DESCRIPTION");
        assertThat(text.lines().count()).isEqualTo(Settings.ALL.size() + 1);
        for (Setting<?> s : Settings.ALL) assertThat(text).containsPattern("(?m)^" + java.util.regex.Pattern.quote(s.key()) + " +" + java.util.regex.Pattern.quote(s.defaultText()) + " ");
        assertThat(text).containsPattern("(?m)^uplink\\.window +4 +batches +1\\.\\.64 +");
    }
}
