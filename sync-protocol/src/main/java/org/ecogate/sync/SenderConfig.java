package org.ecogate.sync;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link SyncSender}.
 *
 * @param brokerUrl       e.g. {@code tcp://127.0.0.1:1883}
 * @param streams         streams to send, in priority order (earlier streams go first)
 * @param batchMaxRecords records per batch
 * @param window          batches in flight awaiting an ack, per stream
 * @param ackTimeout      no ack progress for this long: resend from the last acknowledged record
 * @param reconnectMin    first reconnect delay; doubles up to {@code reconnectMax}
 * @param username        MQTT user name or {@code null}
 * @param password        MQTT password or {@code null}; never logged
 */
public record SenderConfig(String brokerUrl, String clientId, String gateway, long epoch, List<String> streams,
                           int batchMaxRecords, int window, Duration ackTimeout, Duration reconnectMin,
                           Duration reconnectMax, String username, String password) {
    public SenderConfig {
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(clientId, "clientId");
        Topics.checkName("gateway", gateway);
        streams = List.copyOf(streams);
        for (String s : streams) Topics.checkName("stream", s);
        if (batchMaxRecords < 1) throw new IllegalArgumentException("batchMaxRecords must be >= 1");
        if (window < 1) throw new IllegalArgumentException("window must be >= 1");
    }

    @Override
    public String toString() {
        return "SenderConfig[broker=" + brokerUrl + ", clientId=" + clientId + ", gateway=" + gateway + ", epoch=" + epoch
                + ", streams=" + streams + ", batchMaxRecords=" + batchMaxRecords + ", window=" + window
                + ", ackTimeout=" + ackTimeout + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
