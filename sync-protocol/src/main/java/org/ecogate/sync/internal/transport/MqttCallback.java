package org.ecogate.sync.internal.transport;

/**
 * Events of a {@link MqttClient}; called on the connection's reader thread, so implementations must not block.
 * Trap: a loss may be reported after a newer connection is up; compare the id with {@link MqttClient#connectionId()}.
 */
public interface MqttCallback {
    /** The connection {@code connectionId} ended without {@link MqttClient#disconnect}. */
    default void connectionLost(long connectionId, Throwable cause) {
        connectionLost(cause);
    }

    /** Same as {@link #connectionLost(long, Throwable)} for callers that keep one connection at a time. */
    default void connectionLost(Throwable cause) {}

    /**
     * A message over the client's incoming limit arrived on {@code topic}; its {@code bytes} (the packet's remaining
     * length) were read past and discarded, the connection stays up. For QoS 1 the PUBACK is sent after this returns.
     */
    default void messageOversized(String topic, int bytes) {}

    /** A message arrived on a subscribed topic; for QoS 1 the PUBACK is sent after this returns. */
    void messageArrived(String topic, MqttMessage message);
}
