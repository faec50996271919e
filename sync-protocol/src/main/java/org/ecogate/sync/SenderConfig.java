package org.ecogate.sync;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SyncSender}.
 *
 * @param brokerUrl       e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
 * @param streams         streams to send, in priority order (earlier streams go first)
 * @param batchMaxRecords records of the first batch of a stream; batches then grow toward {@code batchMaxBytes}
 * @param window          at most this many batches in flight awaiting an ack, per lane; the bytes in flight are
 *                        bounded by the measured round trip x link rate (twice), at least two full batches
 * @param ackTimeout      no ack progress for this long: resend from the last acknowledged record
 * @param reconnectMin    first reconnect delay; doubles up to {@code reconnectMax}
 * @param username        MQTT user name or {@code null}
 * @param password        MQTT password or {@code null}; never logged
 * @param tls             TLS settings for {@code ssl://} ({@code null}: server verified against the JVM's trust store)
 * @param key             HMAC-SHA256 key of this gateway, or {@code null} to send unsigned; never logged
 * @param encoding        batch body encoding
 * @param batchMaxBytes   largest batch message in bytes (a batch over it is split)
 * @param statusInterval  how often a status message is published (besides birth and will)
 * @param historicalAfter a batch whose first record is older than this when sent is flagged historical
 * @param liveFirst       when a stream's next record is historical, send new records on a live lane ahead of the
 *                        backlog (PROTOCOL.md 7.1; needs a receiver whose sink keeps a live range, falls back to
 *                        in-order sending otherwise)
 * @param latency         how long new records of a {@code lingering} stream may wait so that one batch carries
 *                        several poll cycles (0: send at once); resends, backlog and other streams never wait
 * @param lingering       the streams {@code latency} applies to (e.g. readings; never events or alarms)
 */
public record SenderConfig(String brokerUrl, String clientId, String gateway, long epoch, List<String> streams,
                           int batchMaxRecords, int window, Duration ackTimeout, Duration reconnectMin,
                           Duration reconnectMax, String username, String password, TlsConfig tls, byte[] key,
                           Encoding encoding, int batchMaxBytes, Duration statusInterval, Duration historicalAfter,
                           boolean liveFirst, Duration latency, List<String> lingering) {
    public static final int DEFAULT_BATCH_MAX_BYTES = 256 * 1024;

    public SenderConfig {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Topics.checkName("gateway", gateway);
        streams = List.copyOf(streams);
        for (String s : streams) Topics.checkName("stream", s);
        if (batchMaxRecords < 1) throw new IllegalArgumentException("batchMaxRecords must be >= 1");
        if (batchMaxRecords > SyncCodec.MAX_RECORDS) throw new IllegalArgumentException("batchMaxRecords must be <= " + SyncCodec.MAX_RECORDS);
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
        if (key != null && key.length < 16) throw new IllegalArgumentException("key must have at least 16 bytes");
        if (encoding == null) encoding = Encoding.COMPACT;
        if (batchMaxBytes < 1024 || batchMaxBytes > SyncCodec.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("batchMaxBytes must be in 1024.." + SyncCodec.MAX_MESSAGE_BYTES);
        }
        if (statusInterval == null) statusInterval = Duration.ofSeconds(30);
        if (historicalAfter == null) historicalAfter = Duration.ofMinutes(2);
        if (latency == null || latency.isNegative()) latency = Duration.ZERO;
        lingering = lingering == null ? List.of() : List.copyOf(lingering);
    }

    /** The settings before latency: nothing lingers. */
    public SenderConfig(String brokerUrl, String clientId, String gateway, long epoch, List<String> streams,
                        int batchMaxRecords, int window, Duration ackTimeout, Duration reconnectMin,
                        Duration reconnectMax, String username, String password, TlsConfig tls, byte[] key,
                        Encoding encoding, int batchMaxBytes, Duration statusInterval, Duration historicalAfter,
                        boolean liveFirst) {
        this(brokerUrl, clientId, gateway, epoch, streams, batchMaxRecords, window, ackTimeout, reconnectMin,
                reconnectMax, username, password, tls, key, encoding, batchMaxBytes, statusInterval, historicalAfter,
                liveFirst, Duration.ZERO, List.of());
    }

    /** A copy where new records of {@code streams} may wait up to {@code latency} to share a batch. */
    public SenderConfig withLatency(Duration latency, List<String> streams) {
        return new SenderConfig(brokerUrl, clientId, gateway, epoch, this.streams, batchMaxRecords, window, ackTimeout,
                reconnectMin, reconnectMax, username, password, tls, key, encoding, batchMaxBytes, statusInterval,
                historicalAfter, liveFirst, latency, streams);
    }

    /** The v0 settings: unsigned, compact encoding, default limits. */
    public SenderConfig(String brokerUrl, String clientId, String gateway, long epoch, List<String> streams,
                        int batchMaxRecords, int window, Duration ackTimeout, Duration reconnectMin,
                        Duration reconnectMax, String username, String password) {
        this(brokerUrl, clientId, gateway, epoch, streams, batchMaxRecords, window, ackTimeout, reconnectMin,
                reconnectMax, username, password, null, null, Encoding.COMPACT, DEFAULT_BATCH_MAX_BYTES, null, null, true);
    }

    /** A copy with TLS, key and encoding set. */
    public SenderConfig with(TlsConfig tls, byte[] key, Encoding encoding) {
        return new SenderConfig(brokerUrl, clientId, gateway, epoch, streams, batchMaxRecords, window, ackTimeout,
                reconnectMin, reconnectMax, username, password, tls, key, encoding, batchMaxBytes, statusInterval, historicalAfter, liveFirst, latency, lingering);
    }

    /** A copy with batch byte limit, status interval and historical horizon set. */
    public SenderConfig withLimits(int batchMaxBytes, Duration statusInterval, Duration historicalAfter) {
        return new SenderConfig(brokerUrl, clientId, gateway, epoch, streams, batchMaxRecords, window, ackTimeout,
                reconnectMin, reconnectMax, username, password, tls, key, encoding, batchMaxBytes, statusInterval, historicalAfter, liveFirst, latency, lingering);
    }

    /** A copy with live-first sending on or off. */
    public SenderConfig withLiveFirst(boolean liveFirst) {
        return new SenderConfig(brokerUrl, clientId, gateway, epoch, streams, batchMaxRecords, window, ackTimeout,
                reconnectMin, reconnectMax, username, password, tls, key, encoding, batchMaxBytes, statusInterval, historicalAfter, liveFirst, latency, lingering);
    }

    @Override
    public String toString() {
        return "SenderConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", gateway=" + gateway + ", epoch=" + epoch
                + ", streams=" + streams + ", batchMaxRecords=" + batchMaxRecords + ", window=" + window
                + ", ackTimeout=" + ackTimeout + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", key=" + (key == null ? "none" : "***") + ", encoding=" + encoding + ", tls=" + tls + ", liveFirst=" + liveFirst + ", latency=" + latency + " for " + lingering + "]";
    }
}
