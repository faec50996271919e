package org.ecogate.agent.config;

import org.ecogate.sync.SenderSettings;

import java.time.Duration;
import java.util.List;

/**
 * THE registry of the agent's typed settings: every key with its description, default, unit and bounds, in the
 * order {@code ecogate config defaults} prints them. The loader ({@link ConfigLoader}, {@link Devices},
 * {@link BufferConfig}, {@link UplinkConfig}, {@link DetectionConfigParser}) takes defaults and bounds from here.
 * Immutable. Trap: add a new setting here first, then read it in the loader through its constant; the sender's
 * limits ({@code uplink.batchMaxRecords}, ...) are sync-protocol's {@link SenderSettings}, shown here, never copied.
 */
public final class Settings {
    private Settings() {}

    private static <T> Setting<T> s(String key, T def, String unit, T min, T max, String description) {
        return new Setting<>(key, description, def, unit, min, max);
    }

    /** A sender setting of sync-protocol as {@code uplink.<name>}: its default and bounds are the sender's own. */
    private static <T> Setting<T> uplink(org.ecogate.sync.SenderSetting<T> d) {
        return new Setting<>("uplink." + d.name(), d.description(), d.defaultValue(), d.unit(), d.min(), d.max());
    }

    private static <T> Setting<T> uplink(org.ecogate.sync.SenderSetting<T> d, String note) {
        return new Setting<>("uplink." + d.name(), d.description() + note, d.defaultValue(), d.unit(), d.min(), d.max());
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
    public static final Setting<Duration> BUFFER_COMMIT_EVERY = s("buffer.commitEvery", Duration.ofSeconds(1), "duration", Duration.ZERO, Duration.ofSeconds(1),
            "readings of all devices are committed together at most this often (at most uplink.latency): what a killed agent loses; events and gaps commit at once");
    public static final Setting<Duration> BUFFER_SYNC_EVERY = s("buffer.syncEvery", Duration.ofSeconds(1), "duration", Duration.ofSeconds(1), Duration.ofMinutes(10),
            "readings reach the flash (fsync) within this: a power cut loses at most max(commitEvery, syncEvery); longer wears the flash less");
    public static final Setting<Duration> BUFFER_STATUS_EVERY = s("buffer.statusEvery", Duration.ofSeconds(30), "duration", Duration.ofSeconds(1), Duration.ofMinutes(10),
            "the status file beside the buffer is rewritten at most this often, sooner when health, equipment, devices or the uplink change");
    public static final Setting<Duration> BUFFER_STATE_EVERY = s("buffer.stateEvery", Duration.ofSeconds(60), "duration", Duration.ofSeconds(1), Duration.ofMinutes(10),
            "detector progress without events or summaries is saved at most this often (what a crash may lose of debounce and run-hour timers)");

    // ---- uplink ------------------------------------------------------------------------------------------------
    public static final Setting<String> UPLINK_BROKER = s("uplink.broker", null, "url", null, null,
            "MQTT broker, tcp://host:port or ssl://host:port (required)");
    public static final Setting<String> UPLINK_CLIENT_ID = s("uplink.clientId", "ecogate-<gateway>", "text", null, null,
            "MQTT client id");
    public static final Setting<Integer> UPLINK_BATCH_MAX_RECORDS = uplink(SenderSettings.BATCH_MAX_RECORDS);
    public static final Setting<Integer> UPLINK_BATCH_MAX_BYTES = uplink(SenderSettings.BATCH_MAX_BYTES);
    public static final Setting<Integer> UPLINK_WINDOW = uplink(SenderSettings.WINDOW);
    public static final Setting<Duration> UPLINK_ACK_TIMEOUT = uplink(SenderSettings.ACK_TIMEOUT);
    public static final Setting<Duration> UPLINK_DRAIN_ON_STOP = s("uplink.drainOnStop", Duration.ofSeconds(10), "duration", Duration.ZERO, null,
            "on stop, wait at most this for the backlog to be acknowledged");
    public static final Setting<String> UPLINK_ENCODING = uplink(SenderSettings.ENCODING);
    public static final Setting<Boolean> UPLINK_VERIFY_HOSTNAME = s("uplink.verifyHostname", true, "boolean", null, null,
            "check the broker's host name against its certificate (ssl://)");
    public static final Setting<Duration> UPLINK_STATUS_INTERVAL = uplink(SenderSettings.STATUS_INTERVAL);
    public static final Setting<Duration> UPLINK_HISTORICAL_AFTER = uplink(SenderSettings.HISTORICAL_AFTER);
    public static final Setting<Boolean> UPLINK_LIVE_FIRST = uplink(SenderSettings.LIVE_FIRST);
    public static final Setting<Duration> UPLINK_LATENCY = uplink(SenderSettings.LATENCY);
    public static final Setting<Duration> UPLINK_KEEP_ALIVE = uplink(SenderSettings.KEEP_ALIVE);
    public static final Setting<Boolean> UPLINK_INSECURE = s("uplink.insecure", false, "boolean", null, null,
            "without a key, send UNSIGNED batches (logged loudly at start); off: a key is required to run");
    public static final Setting<String> UPLINK_USERNAME = s("uplink.username", null, "text", null, null,
            "MQTT user name (none by default)");
    public static final Setting<String> UPLINK_PASSWORD = s("uplink.password", null, "secret", null, null,
            "MQTT password (${ENV} works too); never printed");
    public static final Setting<String> UPLINK_KEY = s("uplink.key", null, "secret", null, null,
            "this gateway's HMAC-SHA256 key, at least 16 bytes (or keyFile); never printed");
    public static final Setting<String> UPLINK_KEY_FILE = s("uplink.keyFile", null, "file", null, null,
            "file holding the key, relative to the config file (made by `ecogate init`)");
    public static final Setting<String> UPLINK_CA_FILE = s("uplink.caFile", null, "file", null, null,
            "PEM CA certificate(s) verifying the broker for ssl:// (default: the JVM's trust store)");
    public static final Setting<String> UPLINK_CERT_FILE = s("uplink.certFile", null, "file", null, null,
            "PEM client certificate for ssl:// (with certKeyFile)");
    public static final Setting<String> UPLINK_CERT_KEY_FILE = s("uplink.certKeyFile", null, "file", null, null,
            "PEM unencrypted PKCS#8 key of the client certificate");
    public static final Setting<Duration> UPLINK_RECONNECT_MIN = uplink(SenderSettings.RECONNECT_MIN, " (fixed: not read from the file)");
    public static final Setting<Duration> UPLINK_RECONNECT_MAX = uplink(SenderSettings.RECONNECT_MAX, " (fixed: not read from the file)");
    public static final Setting<Duration> UPLINK_RED_AFTER = s("uplink.redAfter", Duration.ofMinutes(15), "duration", null, null,
            "health turns red when the platform has confirmed nothing this long while records wait (yellow after "
                    + "ackTimeout + latency; fixed: not read from the file)");

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

    // ---- HJ 212 platforms, key hj212: (issue 15; docs/HJ212.md) ---------------------------------------------------------------
    public static final Setting<Integer> HJ212_PORT = s("hj212[].port", null, "tcp port", 1, 65_535,
            "the HJ 212 platform's TCP port (required, with host, mn and pw)");
    public static final Setting<String> HJ212_ST = s("hj212[].st", "31", "2 digits", null, null,
            "system type: 31 flue gas, 32 wastewater, 51/52 process monitoring");
    public static final Setting<String> HJ212_VERSION = s("hj212[].version", "2017", "2017|2025", null, null,
            "HJ 212 version (Flag version bits; 2025 adds the 9015 heartbeat)");
    public static final Setting<String> HJ212_CRC = s("hj212[].crc", "hj212", "hj212|modbus|modbus-swapped", null, null,
            "CRC variant: the standard's appendix, or what an odd platform uses");
    public static final Setting<Duration> HJ212_TIMEOUT = s("hj212[].timeout", Duration.ofSeconds(10), "duration", ms(100), null,
            "wait for the 9014 of each data message (the standard's default)");
    public static final Setting<Integer> HJ212_RETRIES = s("hj212[].retries", 3, "retries", 0, 10,
            "resends of an unanswered message before it is kept in the buffer for later");
    public static final Setting<Duration> HJ212_REALTIME_INTERVAL = s("hj212[].realtimeInterval", Duration.ofSeconds(30), "duration",
            Duration.ofSeconds(1), null, "period of 2011 real-time and 2021 status data");
    public static final Setting<Duration> HJ212_MAX_AGE = s("hj212[].maxAge", Duration.ofDays(7), "duration", Duration.ZERO, null,
            "summaries not delivered to this platform after this long are given up for it, as a gap (0: never)");
    public static final Setting<String> HJ212_ZONE = s("hj212[].zone", "Asia/Shanghai", "zone", null, null,
            "zone of DataTime and QN");
    public static final Setting<Duration> HJ212_HEARTBEAT = s("hj212[].heartbeat", Duration.ofSeconds(60), "duration", Duration.ZERO, null,
            "2025 only: a 9015 heartbeat after this long without traffic (0: none)");
    public static final Setting<Boolean> HJ212_ACCEPT_TIME = s("hj212[].acceptTime", false, "boolean", null, null,
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
            BUFFER_COMMIT_EVERY, BUFFER_SYNC_EVERY, BUFFER_STATUS_EVERY, BUFFER_STATE_EVERY,
            UPLINK_BROKER, UPLINK_CLIENT_ID, UPLINK_BATCH_MAX_RECORDS, UPLINK_BATCH_MAX_BYTES, UPLINK_WINDOW,
            UPLINK_ACK_TIMEOUT, UPLINK_DRAIN_ON_STOP, UPLINK_ENCODING, UPLINK_VERIFY_HOSTNAME, UPLINK_STATUS_INTERVAL,
            UPLINK_HISTORICAL_AFTER, UPLINK_LIVE_FIRST, UPLINK_LATENCY, UPLINK_KEEP_ALIVE, UPLINK_INSECURE, UPLINK_USERNAME,
            UPLINK_PASSWORD, UPLINK_KEY, UPLINK_KEY_FILE, UPLINK_CA_FILE, UPLINK_CERT_FILE, UPLINK_CERT_KEY_FILE,
            UPLINK_RECONNECT_MIN, UPLINK_RECONNECT_MAX, UPLINK_RED_AFTER,
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
