package org.ecogate.sync;

import org.ecogate.sync.internal.codec.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SyncSender}, made by {@link #builder(String, String)}: every setting not given takes its
 * default from {@link SenderSettings}, and every bound is checked there. Immutable. Trap: {@code key} and
 * {@code password} are never printed; {@link #toString()} masks them.
 */
public final class SenderConfig {
    private final String brokerUrl, clientId, gateway, username, password;
    private final long epoch;
    private final List<String> streams, lingering;
    private final int batchMaxRecords, window, batchMaxBytes;
    private final Duration ackTimeout, reconnectMin, reconnectMax, statusInterval, historicalAfter, latency, keepAlive;
    private final TlsConfig tls;
    private final byte[] key;
    private final Encoding encoding;
    private final boolean liveFirst;

    private SenderConfig(Builder b) {
        brokerUrl = Objects.requireNonNull(b.brokerUrl, "brokerUrl");
        gateway = Topics.checkName("gateway", b.gateway);
        clientId = b.clientId != null ? b.clientId : "ecogate-" + gateway;
        epoch = b.epoch;
        streams = List.copyOf(b.streams);
        for (String s : streams) Topics.checkName("stream", s);
        if (streams.isEmpty()) throw new IllegalArgumentException("streams: none given");
        batchMaxRecords = SenderSettings.BATCH_MAX_RECORDS.check(b.batchMaxRecords);
        window = SenderSettings.WINDOW.check(b.window);
        ackTimeout = SenderSettings.ACK_TIMEOUT.check(b.ackTimeout);
        reconnectMin = SenderSettings.RECONNECT_MIN.check(b.reconnectMin);
        reconnectMax = SenderSettings.RECONNECT_MAX.check(b.reconnectMax);
        username = b.username;
        password = b.password;
        tls = b.tls;
        if (b.key != null && b.key.length < 16) throw new IllegalArgumentException("key must have at least 16 bytes");
        key = b.key;
        encoding = Objects.requireNonNull(b.encoding, "encoding");
        batchMaxBytes = SenderSettings.BATCH_MAX_BYTES.check(b.batchMaxBytes);
        statusInterval = SenderSettings.STATUS_INTERVAL.check(b.statusInterval);
        historicalAfter = SenderSettings.HISTORICAL_AFTER.check(b.historicalAfter);
        liveFirst = b.liveFirst;
        latency = SenderSettings.LATENCY.check(b.latency);
        lingering = List.copyOf(b.lingering);
        keepAlive = SenderSettings.KEEP_ALIVE.check(b.keepAlive);
    }

    /** A builder for a sender to {@code brokerUrl} (e.g. {@code tcp://127.0.0.1:1883}, {@code ssl://broker:8883}) as {@code gateway}. */
    public static Builder builder(String brokerUrl, String gateway) {
        return new Builder(brokerUrl, gateway);
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        Builder b = new Builder(brokerUrl, gateway).clientId(clientId).epoch(epoch).streams(streams)
                .batchMaxRecords(batchMaxRecords).window(window).ackTimeout(ackTimeout).reconnect(reconnectMin, reconnectMax)
                .credentials(username, password).tls(tls).key(key).encoding(encoding).batchMaxBytes(batchMaxBytes)
                .statusInterval(statusInterval).historicalAfter(historicalAfter).liveFirst(liveFirst).keepAlive(keepAlive);
        return b.latency(latency, lingering);
    }

    public String brokerUrl() { return brokerUrl; }
    /** MQTT client id (default {@code ecogate-<gateway>}). */
    public String clientId() { return clientId; }
    public String gateway() { return gateway; }
    /** The buffer's epoch: a new buffer starts a new epoch (PROTOCOL.md 4). */
    public long epoch() { return epoch; }
    /** Streams to send, in priority order (earlier streams go first). */
    public List<String> streams() { return streams; }
    /** Records of the first batch of a stream; batches then grow toward {@link #batchMaxBytes()}. */
    public int batchMaxRecords() { return batchMaxRecords; }
    /** At most this many batches in flight per lane; bytes in flight follow the measured round trip x link rate. */
    public int window() { return window; }
    /** No ack progress for this long: resend from the last acknowledged record. */
    public Duration ackTimeout() { return ackTimeout; }
    /** First reconnect delay; doubles up to {@link #reconnectMax()}. */
    public Duration reconnectMin() { return reconnectMin; }
    public Duration reconnectMax() { return reconnectMax; }
    /** MQTT user name or null. */
    public String username() { return username; }
    /** MQTT password or null; never logged. */
    public String password() { return password; }
    /** TLS for {@code ssl://} (null: server verified against the JVM's trust store). */
    public TlsConfig tls() { return tls; }
    /** HMAC-SHA256 key of this gateway, or null to send unsigned; never logged. */
    public byte[] key() { return key; }
    public Encoding encoding() { return encoding; }
    /** Largest batch message in bytes (a batch over it is split). */
    public int batchMaxBytes() { return batchMaxBytes; }
    /** Heartbeat of the status message; a change (connect, result, a stream falling behind) is sent at once. */
    public Duration statusInterval() { return statusInterval; }
    /** A batch whose first record is older than this when sent is flagged historical. */
    public Duration historicalAfter() { return historicalAfter; }
    /** New records go ahead of a historical backlog on a live lane (PROTOCOL.md 7.1). */
    public boolean liveFirst() { return liveFirst; }
    /** How long new records of a {@link #lingering()} stream may wait so that one batch carries several cycles. */
    public Duration latency() { return latency; }
    /** The streams {@link #latency()} applies to (e.g. readings; never events or alarms). */
    public List<String> lingering() { return lingering; }
    /** MQTT keep-alive of the connection. */
    public Duration keepAlive() { return keepAlive; }

    @Override
    public String toString() {
        return "SenderConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", gateway=" + gateway + ", epoch=" + epoch
                + ", streams=" + streams + ", batchMaxRecords=" + batchMaxRecords + ", window=" + window
                + ", ackTimeout=" + ackTimeout + ", username=" + username + ", password=" + (password == null ? "none" : "***")
                + ", key=" + (key == null ? "none" : "***") + ", encoding=" + encoding + ", tls=" + tls + ", liveFirst=" + liveFirst
                + ", latency=" + latency + " for " + lingering + ", statusInterval=" + statusInterval + ", keepAlive=" + keepAlive + "]";
    }

    /** Collects the settings; {@link #build()} checks them. Not thread-safe. */
    public static final class Builder {
        private final String brokerUrl, gateway;
        private String clientId, username, password;
        private long epoch = 1;
        private List<String> streams = List.of(), lingering = List.of();
        private int batchMaxRecords = SenderSettings.BATCH_MAX_RECORDS.defaultValue();
        private int window = SenderSettings.WINDOW.defaultValue();
        private int batchMaxBytes = SenderSettings.BATCH_MAX_BYTES.defaultValue();
        private Duration ackTimeout = SenderSettings.ACK_TIMEOUT.defaultValue();
        private Duration reconnectMin = SenderSettings.RECONNECT_MIN.defaultValue();
        private Duration reconnectMax = SenderSettings.RECONNECT_MAX.defaultValue();
        private Duration statusInterval = SenderSettings.STATUS_INTERVAL.defaultValue();
        private Duration historicalAfter = SenderSettings.HISTORICAL_AFTER.defaultValue();
        private Duration latency = SenderSettings.LATENCY.defaultValue();
        private Duration keepAlive = SenderSettings.KEEP_ALIVE.defaultValue();
        private boolean liveFirst = SenderSettings.LIVE_FIRST.defaultValue();
        private TlsConfig tls;
        private byte[] key;
        private Encoding encoding = Encoding.parse(SenderSettings.ENCODING.defaultValue());

        private Builder(String brokerUrl, String gateway) {
            this.brokerUrl = brokerUrl;
            this.gateway = gateway;
        }

        public Builder clientId(String v) { clientId = v; return this; }
        public Builder epoch(long v) { epoch = v; return this; }
        /** Streams in priority order. */
        public Builder streams(List<String> v) { streams = v; return this; }
        public Builder streams(String... v) { return streams(List.of(v)); }
        public Builder batchMaxRecords(int v) { batchMaxRecords = v; return this; }
        public Builder window(int v) { window = v; return this; }
        public Builder ackTimeout(Duration v) { ackTimeout = v; return this; }
        public Builder reconnect(Duration min, Duration max) { reconnectMin = min; reconnectMax = max; return this; }
        /** MQTT user name and password (either may be null). */
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }
        public Builder tls(TlsConfig v) { tls = v; return this; }
        /** HMAC key (null: unsigned). */
        public Builder key(byte[] v) { key = v; return this; }
        public Builder encoding(Encoding v) { encoding = v; return this; }
        public Builder batchMaxBytes(int v) { batchMaxBytes = v; return this; }
        public Builder statusInterval(Duration v) { statusInterval = v; return this; }
        public Builder historicalAfter(Duration v) { historicalAfter = v; return this; }
        public Builder liveFirst(boolean v) { liveFirst = v; return this; }
        /** New records of {@code streams} may wait up to {@code v} to share a batch. */
        public Builder latency(Duration v, List<String> streams) { latency = v; lingering = streams; return this; }
        public Builder keepAlive(Duration v) { keepAlive = v; return this; }

        public SenderConfig build() {
            return new SenderConfig(this);
        }
    }
}
