package org.ecogate.sync.internal.transport;

import javax.net.SocketFactory;

/** CONNECT settings of a {@link MqttClient}. Mutable; not shared between threads. */
public final class MqttConnectOptions {
    private boolean cleanSession = true;
    private int keepAliveSeconds = 30;
    private int connectionTimeoutSeconds = 10;
    private String userName;
    private char[] password;
    private SocketFactory socketFactory;
    private boolean verifyHostname = true;
    private String willTopic;
    private byte[] willPayload;
    private int willQos;
    private boolean willRetained;

    public boolean isCleanSession() { return cleanSession; }
    public void setCleanSession(boolean v) { cleanSession = v; }
    public int getKeepAliveInterval() { return keepAliveSeconds; }
    public void setKeepAliveInterval(int seconds) { keepAliveSeconds = seconds; }
    public int getConnectionTimeout() { return connectionTimeoutSeconds; }
    public void setConnectionTimeout(int seconds) { connectionTimeoutSeconds = seconds; }
    public String getUserName() { return userName; }
    public void setUserName(String v) { userName = v; }
    public char[] getPassword() { return password; }
    public void setPassword(char[] v) { password = v; }
    public SocketFactory getSocketFactory() { return socketFactory; }
    public void setSocketFactory(SocketFactory f) { socketFactory = f; }
    public boolean isHostnameVerification() { return verifyHostname; }
    public void setHttpsHostnameVerificationEnabled(boolean v) { verifyHostname = v; }
    public String getWillTopic() { return willTopic; }
    public byte[] getWillPayload() { return willPayload; }
    public int getWillQos() { return willQos; }
    public boolean isWillRetained() { return willRetained; }

    public void setWill(String topic, byte[] payload, int qos, boolean retained) {
        willTopic = topic;
        willPayload = payload;
        willQos = qos;
        willRetained = retained;
    }
}
