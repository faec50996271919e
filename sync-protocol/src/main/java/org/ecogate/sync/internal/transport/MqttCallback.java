package org.ecogate.sync.internal.transport;

/** Events of a {@link MqttClient}; called on the connection's reader thread, so implementations must not block. */
public interface MqttCallback {
    /** The connection ended without {@link MqttClient#disconnect}. */
    void connectionLost(Throwable cause);

    /** A message arrived on a subscribed topic; for QoS 1 the PUBACK is sent after this returns. */
    void messageArrived(String topic, MqttMessage message);
}
