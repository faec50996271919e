package org.ecogate.sync.internal.transport;

/**
 * What the sender needs from its link to the broker, and nothing more: connect with a will and subscriptions,
 * pipelined QoS 1 publishes, a stall measure for half-open links, and closing. {@link MqttTransport} is the one
 * implementation. Implementations are thread-safe; listener calls come from the transport's reader thread and must
 * not block. Trap: {@link Listener#lost} is called only for the current connection, never for an older one.
 */
public interface Transport extends AutoCloseable {
    /** Events of the current connection. */
    interface Listener {
        void lost(Throwable cause);

        void message(String topic, byte[] payload, boolean retained);
    }

    /**
     * Connects (retained QoS 1 will on {@code willTopic}), subscribes to {@code topics} (QoS 1) and then, each on its
     * own, to {@code optional} topics (a refusal of one of those is returned, not thrown: an older broker ACL).
     */
    String connect(String willTopic, byte[] will, String[] topics, String[] optional) throws MqttException;

    boolean connected();

    /** Queues a QoS 1 publish; waits only for room in the in-flight window. */
    void publish(String topic, byte[] payload, boolean retained) throws MqttException;

    /** Publishes at QoS 1 and waits for the PUBACK. */
    void publishAndWait(String topic, byte[] payload, boolean retained) throws MqttException;

    /** How long publishes have waited for any PUBACK (0 when none is outstanding). */
    long stalledMillis();

    /** Closes the connection without DISCONNECT (the broker publishes the will). */
    void drop();

    /** Sends DISCONNECT and closes (the broker discards the will). */
    void disconnect();

    @Override
    void close();
}
