package org.ecogate.sync;
import org.ecogate.sync.internal.codec.Topics;

import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link SyncReceiver} (the MQTT transport around a {@link ReceiverCore}). Immutable; build it with
 * {@link #builder(String)}. Trap: several receivers sharing the load need distinct client ids and the same
 * {@code shareGroup}; without a group each receiver gets every message (and they race on every stream).
 *
 * @param brokerUrl  {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param clientId   MQTT client id, unique per receiver
 * @param username   MQTT user name, or {@code null}
 * @param password   MQTT password, or {@code null} (never logged)
 * @param tls        TLS settings for {@code ssl://} ({@code null}: verify against the JVM's trust store)
 * @param keys       the gateways' HMAC keys
 * @param workers    worker threads; a gateway is always served by the same one (per-stream order), 1..64
 * @param shareGroup MQTT shared-subscription group ({@code $share/group/...}), or {@code null} for a plain subscription
 * @param gapHoldBack how long a batch ahead of the store waits for its predecessor before a {@code gap} answer
 *                    (see {@link ReceiverCore}); default 0, or 200 ms with a share group
 * @param maxMessageBytes the largest message taken in (default {@link #DEFAULT_MAX_MESSAGE_BYTES}, the protocol's 8 MiB
 *                    plus topic); a larger one is read past without being held, counted {@code oversize}, and the
 *                    connection stays up. Set the broker's limit to the same value (docs/PLATFORM.md).
 */
public record ReceiverConfig(String brokerUrl, String clientId, String username, String password, TlsConfig tls,
                             GatewayKeys keys, int workers, String shareGroup, java.time.Duration gapHoldBack,
                             int maxMessageBytes) {
    /** The protocol's largest message (8 MiB) plus room for the topic and MQTT header. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024 * 1024 + 64 * 1024;

    public ReceiverConfig {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        keys = keys == null ? GatewayKeys.none() : keys;
        if (workers < 1 || workers > 64) throw new IllegalArgumentException("workers " + workers + " outside 1..64");
        if (shareGroup != null) Topics.checkName("share group", shareGroup);
        if (gapHoldBack == null) gapHoldBack = java.time.Duration.ofMillis(shareGroup == null ? 0 : 200);
        if (gapHoldBack.isNegative() || gapHoldBack.toMillis() > 10_000) throw new IllegalArgumentException("gapHoldBack " + gapHoldBack + " outside 0..10 s");
        if (maxMessageBytes == 0) maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        if (maxMessageBytes < 1024 || maxMessageBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException("maxMessageBytes " + maxMessageBytes + " outside 1024..268435456");
        }
    }

    /** Unsigned, plain TCP, one worker. */
    public static ReceiverConfig plain(String brokerUrl, String clientId) {
        return builder(brokerUrl).clientId(clientId).build();
    }

    /** With a key per gateway; unsigned and unknown gateways rejected. */
    public static ReceiverConfig signed(String brokerUrl, String clientId, Map<String, byte[]> keys) {
        return builder(brokerUrl).clientId(clientId).keys(keys).build();
    }

    public static Builder builder(String brokerUrl) {
        return new Builder(brokerUrl);
    }

    /** The subscription filters: every gateway's batches and status (protocols v1 and v2), shared when a group is set. */
    public String[] filters() {
        String p = shareGroup == null ? "" : "$share/" + shareGroup + "/";
        return new String[] {p + Topics.ALL_BATCHES, p + Topics.ALL_STATUS, p + Topics.ALL_BATCHES_V2, p + Topics.ALL_STATUS_V2};
    }

    @Override
    public String toString() {
        return "ReceiverConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", " + keys + ", workers=" + workers
                + ", shareGroup=" + shareGroup + ", gapHoldBack=" + gapHoldBack.toMillis() + " ms, maxMessageBytes=" + maxMessageBytes
                + ", tls=" + tls + "]";
    }

    /** Builder of a {@link ReceiverConfig}; defaults: client id {@code ecogate-receiver}, no keys, 1 worker, 8 MiB + 64 KiB messages. */
    public static final class Builder {
        private final String brokerUrl;
        private String clientId = "ecogate-receiver";
        private String username;
        private String password;
        private TlsConfig tls;
        private GatewayKeys keys = GatewayKeys.none();
        private int workers = 1;
        private String shareGroup;
        private java.time.Duration gapHoldBack;
        private int maxMessageBytes;

        private Builder(String brokerUrl) {
            this.brokerUrl = brokerUrl;
        }

        public Builder clientId(String v) { clientId = v; return this; }
        public Builder credentials(String user, String pass) { username = user; password = pass; return this; }
        public Builder tls(TlsConfig v) { tls = v; return this; }
        public Builder keys(GatewayKeys v) { keys = v; return this; }
        public Builder keys(Map<String, byte[]> v) { keys = GatewayKeys.of(v); return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder shareGroup(String v) { shareGroup = v; return this; }
        public Builder gapHoldBack(java.time.Duration v) { gapHoldBack = v; return this; }
        public Builder maxMessageBytes(int v) { maxMessageBytes = v; return this; }

        public ReceiverConfig build() {
            return new ReceiverConfig(brokerUrl, clientId, username, password, tls, keys, workers, shareGroup, gapHoldBack, maxMessageBytes);
        }
    }
}
