package org.ecogate.sync.internal.transport;

/** An application message: payload, QoS (0 or 1) and retain flag. */
public final class MqttMessage {
    private final byte[] payload;
    private int qos = 1;
    private boolean retained;

    public MqttMessage(byte[] payload) {
        this.payload = payload;
    }

    public byte[] getPayload() {
        return payload;
    }

    public int getQos() {
        return qos;
    }

    public void setQos(int qos) {
        if (qos < 0 || qos > 1) throw new IllegalArgumentException("QoS " + qos + " not supported (0 or 1)");
        this.qos = qos;
    }

    public boolean isRetained() {
        return retained;
    }

    public void setRetained(boolean retained) {
        this.retained = retained;
    }
}
