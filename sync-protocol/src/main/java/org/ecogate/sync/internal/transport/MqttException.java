package org.ecogate.sync.internal.transport;

/** A failed MQTT operation; {@link #getReasonCode()} is a CONNACK return code (1-5) or one of the constants here. */
public final class MqttException extends Exception {
    /** Not connected (never, or the connection was lost). */
    public static final int NOT_CONNECTED = 32104;
    /** Already connected. */
    public static final int ALREADY_CONNECTED = 32100;
    /** No answer within the wait time. */
    public static final int TIMEOUT = 32000;
    /** The connection was lost while waiting. */
    public static final int CONNECTION_LOST = 32109;
    /** Network or TLS error while connecting. */
    public static final int SERVER_CONNECT_ERROR = 32103;
    /** The broker refused a subscription. */
    public static final int SUBSCRIBE_FAILED = 128;

    private final int reasonCode;

    public MqttException(int reasonCode, String message) {
        super(message);
        this.reasonCode = reasonCode;
    }

    public MqttException(int reasonCode, String message, Throwable cause) {
        super(message, cause);
        this.reasonCode = reasonCode;
    }

    public int getReasonCode() {
        return reasonCode;
    }
}
