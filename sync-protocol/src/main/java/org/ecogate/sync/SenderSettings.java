package org.ecogate.sync;

import org.ecogate.sync.internal.codec.SyncCodec;

import java.time.Duration;
import java.util.List;

/**
 * THE defaults and bounds of a {@link SyncSender}: {@link SenderConfig.Builder} starts from these defaults and checks
 * these bounds, and the gateway agent's settings registry shows them as {@code uplink.<name>}. Immutable. Trap: one
 * number per limit lives here; an embedder that needs a limit reads the constant instead of writing the number.
 */
public final class SenderSettings {
    private SenderSettings() {}

    private static <T> SenderSetting<T> s(String name, T def, String unit, T min, T max, String description) {
        return new SenderSetting<>(name, def, unit, min, max, description);
    }

    public static final SenderSetting<Integer> BATCH_MAX_RECORDS = s("batchMaxRecords", 500, "records", 1, SyncCodec.MAX_RECORDS,
            "records of a stream's first batch; batches then follow the measured link (at most the protocol's limit)");
    public static final SenderSetting<Integer> BATCH_MAX_BYTES = s("batchMaxBytes", 256 * 1024, "bytes", 1024, SyncCodec.MAX_MESSAGE_BYTES,
            "largest batch message");
    public static final SenderSetting<Integer> WINDOW = s("window", 4, "batches", 1, 64,
            "batches in flight per stream awaiting an ack");
    public static final SenderSetting<Duration> ACK_TIMEOUT = s("ackTimeout", Duration.ofSeconds(5), "duration",
            Duration.ofMillis(100), null, "no ack progress for this long: resend from the last acknowledged record");
    public static final SenderSetting<String> ENCODING = s("encoding", "compact", "compact|compact-v1|json", null, null,
            "batch encoding: compact = protocol v2; compact-v1 or json for a platform that speaks only protocol v1");
    public static final SenderSetting<Duration> STATUS_INTERVAL = s("statusInterval", Duration.ofMinutes(10), "duration",
            Duration.ofSeconds(1), null, "heartbeat of the status message; it is also sent at once on a change (connect, "
                    + "command result, a stream falling behind or catching up)");
    public static final SenderSetting<Duration> HISTORICAL_AFTER = s("historicalAfter", Duration.ofMinutes(2), "duration",
            Duration.ZERO, null, "records older than this when sent are flagged historical");
    public static final SenderSetting<Boolean> LIVE_FIRST = s("liveFirst", true, "boolean", null, null,
            "with a historical backlog, send new records ahead of it on a live lane");
    public static final SenderSetting<Duration> LATENCY = s("latency", Duration.ofSeconds(3), "duration", Duration.ZERO,
            Duration.ofMinutes(1), "readings wait up to this long to share one batch (events, gaps, summaries never wait; 0s = every cycle)");
    public static final SenderSetting<Duration> KEEP_ALIVE = s("keepAlive", Duration.ofSeconds(120), "duration",
            Duration.ofSeconds(10), Duration.ofMinutes(20), "MQTT keep-alive: a 2-byte ping after half of it without "
                    + "traffic (60 s: below the 2-5 minute idle timeouts of cellular NATs); a silent broker is dropped after 1.5x");
    public static final SenderSetting<Duration> RECONNECT_MIN = s("reconnectMin", Duration.ofMillis(250), "duration",
            Duration.ofMillis(1), null, "first wait before reconnecting to the broker; doubles up to reconnectMax");
    public static final SenderSetting<Duration> RECONNECT_MAX = s("reconnectMax", Duration.ofSeconds(1), "duration",
            Duration.ofMillis(1), null, "longest wait between reconnect attempts");

    /** Every sender setting, in the order of a config file. */
    public static final List<SenderSetting<?>> ALL = List.of(BATCH_MAX_RECORDS, BATCH_MAX_BYTES, WINDOW, ACK_TIMEOUT,
            ENCODING, STATUS_INTERVAL, HISTORICAL_AFTER, LIVE_FIRST, LATENCY, KEEP_ALIVE, RECONNECT_MIN, RECONNECT_MAX);
}
