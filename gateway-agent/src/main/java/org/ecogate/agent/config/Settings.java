package org.ecogate.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * THE registry of the agent's typed settings: every key with its description, default, unit and bounds, in the
 * order {@code ecogate config defaults} prints them. The loader ({@link ConfigLoader}, {@link Devices},
 * {@link BufferConfig}, {@link UplinkConfig}, {@link DetectionConfigParser}) takes defaults and bounds from here.
 * Immutable. Trap: add a new setting here first, then read it in the loader through its constant.
 */
public final class Settings {
    private Settings() {}

    private static <T> Setting<T> s(String key, T def, String unit, T min, T max, String description) {
        return new Setting<>(key, description, def, unit, min, max);
    }

    private static Duration ms(long v) {
        return Duration.ofMillis(v);
    }

    // ---- gateway, buffer ---------------------------------------------------------------------------------------
    public static final Setting<String> GATEWAY = s("gateway", null, "id", null, null,
            "this gateway's id (letters, digits, _ and -; required)");
    public static final Setting<String> BUFFER_PATH = s("buffer.path", "ecogate.db", "file", null, null,
            "the SQLite buffer, relative to the config file's directory");
    public static final Setting<Long> BUFFER_MAX_BYTES = s("buffer.maxBytes", 512L << 20, "bytes", 1L << 20, null,
            "size cap of the buffer; oldest raw readings are dropped first and recorded as gaps");
    public static final Setting<Duration> BUFFER_MAX_AGE = s("buffer.maxAge", Duration.ofDays(30), "duration", Duration.ofMinutes(10), null,
            "age cap of unacknowledged raw readings (events are never dropped)");
    public static final Setting<Duration> BUFFER_KEEP_ACKED = s("buffer.keepAcked", Duration.ZERO, "duration", null, null,
            "how long readings stay after the platform acknowledged them (0: freed promptly; at most maxAge)");
    public static final Setting<Duration> BUFFER_KEEP_DOCS = s("buffer.keepDocs", Duration.ofDays(30), "duration", null, null,
            "how long acknowledged events, summaries and gap records stay");
    public static final Setting<Integer> BUFFER_MEMORY_CYCLES = s("buffer.memoryCycles", 600, "cycles", 1, 100_000,
            "poll cycles held in memory while the disk refuses writes");

    // ---- uplink ------------------------------------------------------------------------------------------------
    public static final Setting<String> UPLINK_BROKER = s("uplink.broker", null, "url", null, null,
            "MQTT broker, tcp://host:port or ssl://host:port (required)");
    public static final Setting<String> UPLINK_CLIENT_ID = s("uplink.clientId", "ecogate-<gateway>", "text", null, null,
            "MQTT client id");
    public static final Setting<Integer> UPLINK_BATCH_MAX_RECORDS = s("uplink.batchMaxRecords", 500, "records", 1, 10_000,
            "most records in one batch");
    public static final Setting<Integer> UPLINK_BATCH_MAX_BYTES = s("uplink.batchMaxBytes", 256 * 1024, "bytes", 1024, 8 * 1024 * 1024,
            "largest batch message");
    public static final Setting<Integer> UPLINK_WINDOW = s("uplink.window", 4, "batches", 1, 64,
            "batches in flight per stream awaiting an ack");
    public static final Setting<Duration> UPLINK_ACK_TIMEOUT = s("uplink.ackTimeout", Duration.ofSeconds(5), "duration", ms(100), null,
            "resend a batch not acknowledged within this");
    public static final Setting<Duration> UPLINK_DRAIN_ON_STOP = s("uplink.drainOnStop", Duration.ofSeconds(10), "duration", Duration.ZERO, null,
            "on stop, wait at most this for the backlog to be acknowledged");
    public static final Setting<String> UPLINK_ENCODING = s("uplink.encoding", "compact", "compact|compact-v1|json", null, null,
            "batch encoding: compact = protocol v2; compact-v1 or json for a platform that speaks only protocol v1");
    public static final Setting<Boolean> UPLINK_VERIFY_HOSTNAME = s("uplink.verifyHostname", true, "boolean", null, null,
            "check the broker's host name against its certificate (ssl://)");
    public static final Setting<Duration> UPLINK_STATUS_INTERVAL = s("uplink.statusInterval", Duration.ofSeconds(30), "duration", Duration.ofSeconds(1), null,
            "period of status messages to the platform");
    public static final Setting<Duration> UPLINK_HISTORICAL_AFTER = s("uplink.historicalAfter", Duration.ofMinutes(2), "duration", null, null,
            "records older than this when sent are flagged historical");
    public static final Setting<Boolean> UPLINK_LIVE_FIRST = s("uplink.liveFirst", true, "boolean", null, null,
            "with a historical backlog, send new records ahead of it on a live lane");
    public static final Setting<Duration> UPLINK_LATENCY = s("uplink.latency", Duration.ofSeconds(3), "duration", Duration.ZERO, Duration.ofMinutes(1),
            "readings wait up to this long to share one batch (events, gaps, summaries never wait; 0s = every cycle)");
    public static final Setting<Boolean> UPLINK_INSECURE = s("uplink.insecure", false, "boolean", null, null,
            "without a key, send UNSIGNED batches (logged loudly at start); off: a key is required to run");
    public static final Setting<Duration> UPLINK_RECONNECT_MIN = s("uplink.reconnectMin", ms(250), "duration", null, null,
            "first wait before reconnecting to the broker (fixed: not read from the file)");
    public static final Setting<Duration> UPLINK_RECONNECT_MAX = s("uplink.reconnectMax", Duration.ofSeconds(1), "duration", null, null,
            "longest wait between reconnect attempts (fixed: not read from the file)");

    // ---- devices -----------------------------------------------------------------------------------------------
    public static final Setting<String> DEVICE_TRANSPORT = s("devices[].transport", "modbus-tcp", "name", null, null,
            "modbus-tcp, modbus-rtu-tcp, modbus-rtu or coap");
    public static final Setting<Integer> DEVICE_PORT = s("devices[].port", 502, "tcp port", 1, 65_535,
            "TCP port (modbus-tcp, modbus-rtu-tcp)");
    public static final Setting<Integer> DEVICE_UNIT = s("devices[].unit", 1, "unit id", 0, 247,
            "Modbus unit (slave) id");
    public static final Setting<Duration> DEVICE_INTERVAL = s("devices[].interval", Duration.ofSeconds(1), "duration", ms(100), null,
            "poll period");
    public static final Setting<Duration> DEVICE_TIMEOUT = s("devices[].timeout", Duration.ofSeconds(1), "duration", ms(50), null,
            "answer timeout of one request");
    public static final Setting<Integer> DEVICE_RETRIES = s("devices[].retries", 1, "retries", 0, 5,
            "retries of a failed request (a failing device gets one try per cycle)");
    public static final Setting<Integer> DEVICE_MAX_REGISTERS = s("devices[].maxRegisters", 125, "registers", 1, 125,
            "most registers read by one request");
    public static final Setting<Integer> DEVICE_MAX_BITS = s("devices[].maxBits", 2000, "bits", 1, 2000,
            "most coils or discrete inputs read by one request");
    public static final Setting<Integer> DEVICE_MAX_GAP = s("devices[].maxGap", 8, "registers", 0, 124,
            "unused registers one request may read across to save a request");
    public static final Setting<String> DEVICE_ORDER = s("devices[].order", "ABCD", "ABCD|CDAB|BADC|DCBA", null, null,
            "byte and word order of multi-register values (else the template's)");
    public static final Setting<Duration> DEVICE_PAUSE = s("devices[].pause", Duration.ZERO, "duration", Duration.ZERO, null,
            "quiet time between two requests on a shared connection");
    public static final Setting<Integer> DEVICE_OFFLINE_AFTER = s("devices[].offlineAfter", 3, "cycles", 1, 1000,
            "failed cycles before a device is reported offline");
    public static final Setting<Duration> DEVICE_PROBE = s("devices[].probe", Duration.ofSeconds(1), "duration", Duration.ofMillis(100), null,
            "longest wait between reconnect attempts to an offline device (default: the device's interval, so a data gap is reported at most one interval long)");
    public static final Setting<Integer> DEVICE_BAUD = s("devices[].baud", 9600, "baud", 300, 921_600,
            "serial speed (modbus-rtu)");
    public static final Setting<String> DEVICE_PARITY = s("devices[].parity", "none", "none|even|odd", null, null,
            "serial parity (modbus-rtu)");
    public static final Setting<Integer> DEVICE_DATA_BITS = s("devices[].dataBits", 8, "bits", 7, 8,
            "serial data bits (modbus-rtu)");
    public static final Setting<Integer> DEVICE_STOP_BITS = s("devices[].stopBits", 1, "bits", 1, 2,
            "serial stop bits (modbus-rtu)");
    public static final Setting<String> DEVICE_PAYLOAD = s("devices[].payload", "json", "json|number|cbor", null, null,
            "payload format of a coap resource");
    public static final Setting<Boolean> DEVICE_OBSERVE = s("devices[].observe", false, "boolean", null, null,
            "observe the coap resource instead of polling it");

    // ---- detection ---------------------------------------------------------------------------------------------
    public static final Setting<String> DETECTION_TIMEZONE = s("detection.timezone", "Z", "zone", null, null,
            "zone of daily ledgers and printed times, e.g. +08:00 or Asia/Shanghai");
    public static final Setting<Duration> EQUIPMENT_DEBOUNCE = s("detection.equipment[].debounce", Duration.ofSeconds(30), "duration", Duration.ZERO, null,
            "a state must hold this long before it is committed");
    public static final Setting<Duration> EQUIPMENT_OFFLINE_AFTER = s("detection.equipment[].offlineAfter", Duration.ofSeconds(30), "duration", ms(1), null,
            "no good reading for this long: the equipment is OFFLINE (a data gap, never a stop)");
    public static final Setting<Duration> FACILITY_GRACE = s("detection.facilities[].grace", Duration.ofSeconds(60), "duration", Duration.ZERO, null,
            "treatment may be down this long while production runs before an outage opens");
    public static final Setting<Duration> WARNING_WINDOW = s("detection.warnings[].window", Duration.ofHours(1), "duration", Duration.ofSeconds(1), null,
            "rolling average window compared with the permit limit");
    public static final Setting<Double> WARNING_HYSTERESIS = s("detection.warnings[].hysteresis", 0.05, "fraction", 0.0, null,
            "a warning level clears this fraction of the limit below where it fired");
    public static final Setting<Double> WARNING_WARN = s("detection.warnings[].levels.warn", 0.8, "fraction", null, null,
            "warn level, as a fraction of the limit");
    public static final Setting<Double> WARNING_ALARM = s("detection.warnings[].levels.alarm", 1.0, "fraction", null, null,
            "alarm level, as a fraction of the limit");
    public static final Setting<Boolean> SUMMARIES_MINUTE = s("detection.summaries.minute", true, "boolean", null, null,
            "emit minute aggregates");
    public static final Setting<Boolean> SUMMARIES_HOUR = s("detection.summaries.hour", true, "boolean", null, null,
            "emit hour aggregates");
    public static final Setting<Boolean> SUMMARIES_LEDGER = s("detection.summaries.ledger", true, "boolean", null, null,
            "emit daily run-hour ledgers per equipment");
    public static final Setting<Duration> SUMMARIES_GRACE = s("detection.summaries.grace", Duration.ofSeconds(5), "duration", Duration.ZERO, Duration.ofMinutes(5),
            "a minute/hour window is emitted this long after it ends, so a slow device's samples stamped inside it still count");
    public static final Setting<Double> WARNING_MIN_SAMPLES = s("detection.warnings[].minSamples", 0.5, "fraction", 0.0, 1.0,
            "a rolling average is judged only once it holds this fraction of the samples its window expects (by the point's poll interval)");

    // ---- HJ 212 uplinks (issue 15; docs/HJ212.md) ---------------------------------------------------------------
    public static final Setting<Integer> HJ212_PORT = s("uplinks[].port", null, "tcp port", 1, 65_535,
            "the HJ 212 platform's TCP port (required, with host, mn and pw)");
    public static final Setting<String> HJ212_ST = s("uplinks[].st", "31", "2 digits", null, null,
            "system type: 31 flue gas, 32 wastewater, 51/52 process monitoring");
    public static final Setting<String> HJ212_VERSION = s("uplinks[].version", "2017", "2017|2025", null, null,
            "HJ 212 version (Flag version bits; 2025 adds the 9015 heartbeat)");
    public static final Setting<String> HJ212_CRC = s("uplinks[].crc", "hj212", "hj212|modbus|modbus-swapped", null, null,
            "CRC variant: the standard's appendix, or what an odd platform uses");
    public static final Setting<Duration> HJ212_TIMEOUT = s("uplinks[].timeout", Duration.ofSeconds(10), "duration", ms(100), null,
            "wait for the 9014 of each data message (the standard's default)");
    public static final Setting<Integer> HJ212_RETRIES = s("uplinks[].retries", 3, "retries", 0, 10,
            "resends of an unanswered message before it is kept in the buffer for later");
    public static final Setting<Duration> HJ212_REALTIME_INTERVAL = s("uplinks[].realtimeInterval", Duration.ofSeconds(30), "duration",
            Duration.ofSeconds(1), null, "period of 2011 real-time and 2021 status data");
    public static final Setting<Duration> HJ212_MAX_AGE = s("uplinks[].maxAge", Duration.ofDays(7), "duration", Duration.ZERO, null,
            "summaries not delivered to this platform after this long are given up for it, as a gap (0: never)");
    public static final Setting<String> HJ212_ZONE = s("uplinks[].zone", "Asia/Shanghai", "zone", null, null,
            "zone of DataTime and QN");
    public static final Setting<Duration> HJ212_HEARTBEAT = s("uplinks[].heartbeat", Duration.ofSeconds(60), "duration", Duration.ZERO, null,
            "2025 only: a 9015 heartbeat after this long without traffic (0: none)");
    public static final Setting<Boolean> HJ212_ACCEPT_TIME = s("uplinks[].acceptTime", false, "boolean", null, null,
            "let this platform set the agent's time (1012): a correction of the agent's wall time, recorded as a clock_step");
    // ---- log, web (issue 16) -----------------------------------------------------------------------------------
    public static final Setting<String> LOG_LEVEL = s("log.level", "info", "error|warn|info|debug|trace", null, null,
            "level of the agent's log lines (stderr, which the journal keeps); follows a reload");
    public static final Setting<String> LOG_FILE = s("log.file", null, "file", null, null,
            "a log file besides stderr, relative to the config file's directory (none by default)");
    public static final Setting<Long> LOG_MAX_FILE_SIZE = s("log.maxFileSize", 10L << 20, "bytes", 64L * 1024, null,
            "rotate the log file past this size");
    public static final Setting<Integer> LOG_KEEP = s("log.keep", 5, "files", 0, 100,
            "rotated log files kept (file.1 .. file.N)");
    public static final Setting<Boolean> WEB_ENABLED = s("web.enabled", true, "boolean", null, null,
            "serve the local page, /api/values (ecogate values) and /metrics");
    public static final Setting<String> WEB_BIND = s("web.bind", "127.0.0.1", "address", null, null,
            "address the page listens on; beyond loopback only with a password");
    public static final Setting<Integer> WEB_PORT = s("web.port", 8080, "tcp port", 0, 65_535,
            "port of the page (0: any free one; a taken port falls back to a free one, see `ecogate status`)");
    public static final Setting<String> WEB_PASSWORD = s("web.password", null, "secret", null, null,
            "HTTP basic auth password, user ecogate (or web.passwordFile; ${ENV} works too); never printed");

    /** Every setting, in the order of a config file. */
    public static final List<Setting<?>> ALL = List.of(
            GATEWAY, BUFFER_PATH, BUFFER_MAX_BYTES, BUFFER_MAX_AGE, BUFFER_KEEP_ACKED, BUFFER_KEEP_DOCS, BUFFER_MEMORY_CYCLES,
            UPLINK_BROKER, UPLINK_CLIENT_ID, UPLINK_BATCH_MAX_RECORDS, UPLINK_BATCH_MAX_BYTES, UPLINK_WINDOW,
            UPLINK_ACK_TIMEOUT, UPLINK_DRAIN_ON_STOP, UPLINK_ENCODING, UPLINK_VERIFY_HOSTNAME, UPLINK_STATUS_INTERVAL,
            UPLINK_HISTORICAL_AFTER, UPLINK_LIVE_FIRST, UPLINK_INSECURE, UPLINK_RECONNECT_MIN, UPLINK_RECONNECT_MAX,
            DEVICE_TRANSPORT, DEVICE_PORT, DEVICE_UNIT, DEVICE_INTERVAL, DEVICE_TIMEOUT, DEVICE_RETRIES,
            DEVICE_MAX_REGISTERS, DEVICE_MAX_BITS, DEVICE_MAX_GAP, DEVICE_ORDER, DEVICE_PAUSE, DEVICE_OFFLINE_AFTER,
            DEVICE_PROBE, DEVICE_BAUD, DEVICE_PARITY, DEVICE_DATA_BITS, DEVICE_STOP_BITS, DEVICE_PAYLOAD, DEVICE_OBSERVE,
            DETECTION_TIMEZONE, EQUIPMENT_DEBOUNCE, EQUIPMENT_OFFLINE_AFTER, FACILITY_GRACE, WARNING_WINDOW,
            WARNING_HYSTERESIS, WARNING_WARN, WARNING_ALARM, SUMMARIES_MINUTE, SUMMARIES_HOUR, SUMMARIES_LEDGER,
            SUMMARIES_GRACE, WARNING_MIN_SAMPLES,
            HJ212_PORT, HJ212_ST, HJ212_VERSION, HJ212_CRC, HJ212_TIMEOUT, HJ212_RETRIES, HJ212_REALTIME_INTERVAL,
            HJ212_MAX_AGE, HJ212_ZONE, HJ212_HEARTBEAT, HJ212_ACCEPT_TIME,
            LOG_LEVEL, LOG_FILE, LOG_MAX_FILE_SIZE, LOG_KEEP, WEB_ENABLED, WEB_BIND, WEB_PORT, WEB_PASSWORD);
}
