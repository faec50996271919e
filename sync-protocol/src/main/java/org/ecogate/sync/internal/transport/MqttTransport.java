package org.ecogate.sync.internal.transport;

import org.ecogate.sync.TlsConfig;

/**
 * {@link Transport} over ecogate's own {@link MqttClient}: clean session, the connect options of
 * {@link MqttSupport}, losses of older connections filtered by connection id. Thread-safe.
 */
public final class MqttTransport implements Transport {
    private final MqttClient client;
    private final String url, user, password;
    private final TlsConfig tls;
    private volatile int keepAliveSeconds = MqttSupport.KEEP_ALIVE_SECONDS;

    /** Checks the URL and the TLS files at once; {@code waitMs} bounds publishAndWait and a full window. */
    public MqttTransport(String url, String clientId, String user, String password, TlsConfig tls, long waitMs,
                         long writeTimeoutMs, Listener listener) throws MqttException {
        this.client = new MqttClient(url, clientId);
        this.url = url;
        this.user = user;
        this.password = password;
        this.tls = tls;
        MqttSupport.options(url, user, password, tls, 16); // fail early on unreadable TLS files
        client.setTimeToWait(waitMs);
        client.setWriteTimeout(writeTimeoutMs);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(long connectionId, Throwable cause) {
                if (connectionId == client.connectionId()) listener.lost(cause); // else an older connection's late news
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                listener.message(topic, message.getPayload(), message.isRetained());
            }
        });
    }

    /** The MQTT keep-alive of the next connections (default {@link MqttSupport#KEEP_ALIVE_SECONDS}). */
    public MqttTransport keepAlive(int seconds) {
        this.keepAliveSeconds = seconds;
        return this;
    }

    @Override
    public String connect(String willTopic, byte[] will, String[] topics, String[] optional) throws MqttException {
        MqttConnectOptions o = MqttSupport.options(url, user, password, tls, 64);
        o.setKeepAliveInterval(keepAliveSeconds);
        o.setWill(willTopic, will, 1, true);
        client.connect(o);
        int[] qos = new int[topics.length];
        java.util.Arrays.fill(qos, 1);
        client.subscribe(topics, qos);
        String refused = null;
        for (String t : optional) {
            try {
                client.subscribe(new String[] {t}, new int[] {1});
            } catch (MqttException e) {
                refused = t + ": " + e.getMessage();
            }
        }
        return refused;
    }

    @Override
    public boolean connected() {
        return client.isConnected();
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publishAsync(topic, message(payload, retained));
    }

    @Override
    public void publishAndWait(String topic, byte[] payload, boolean retained) throws MqttException {
        client.publish(topic, message(payload, retained));
    }

    private static MqttMessage message(byte[] payload, boolean retained) {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        m.setRetained(retained);
        return m;
    }

    @Override
    public long stalledMillis() {
        return client.stalledMillis();
    }

    @Override
    public void drop() {
        try {
            if (client.isConnected()) client.disconnectForcibly(0, 500);
        } catch (MqttException ignored) {
            // already gone
        }
    }

    @Override
    public void disconnect() {
        try {
            client.disconnect(1000);
        } catch (MqttException e) {
            drop();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
