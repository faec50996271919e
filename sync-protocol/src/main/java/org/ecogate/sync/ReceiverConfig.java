package org.ecogate.sync;
import org.ecogate.sync.internal.codec.Topics;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link SyncReceiver}.
 *
 * @param brokerUrl     {@code tcp://host:1883} or {@code ssl://host:8883}
 * @param tls           TLS settings for {@code ssl://} ({@code null}: verify against the JVM's trust store)
 * @param keys          HMAC-SHA256 key per gateway id; empty to accept unsigned batches from any gateway
 * @param requireSigned reject unsigned messages (default: whenever keys are configured); with keys, a gateway
 *                      without a key is always rejected {@code unknown_gateway}
 */
public record ReceiverConfig(String brokerUrl, String clientId, String username, String password, TlsConfig tls,
                             Map<String, byte[]> keys, boolean requireSigned) {
    public ReceiverConfig {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        keys = Map.copyOf(keys == null ? new HashMap<>() : keys);
        for (Map.Entry<String, byte[]> e : keys.entrySet()) {
            Topics.checkName("gateway", e.getKey());
            if (e.getValue().length < 16) throw new IllegalArgumentException("key of gateway " + e.getKey() + " has fewer than 16 bytes");
        }
    }

    /** Unsigned, plain TCP (v0 behaviour). */
    public static ReceiverConfig plain(String brokerUrl, String clientId) {
        return new ReceiverConfig(brokerUrl, clientId, null, null, null, Map.of(), false);
    }

    /** With a key per gateway; unsigned and unknown gateways rejected. */
    public static ReceiverConfig signed(String brokerUrl, String clientId, Map<String, byte[]> keys) {
        return new ReceiverConfig(brokerUrl, clientId, null, null, null, keys, true);
    }

    @Override
    public String toString() {
        return "ReceiverConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", keys for " + keys.keySet()
                + ", requireSigned=" + requireSigned + ", tls=" + tls + "]";
    }
}
