package org.ecogate.sync.internal.transport;
import org.ecogate.sync.TlsConfig;


import java.io.IOException;
import java.security.GeneralSecurityException;

/** Connect options shared by sender and receiver. */
public final class MqttSupport {
    /** Keep-alive of a receiver's connection (a gateway's is its sender setting {@code keepAlive}). */
    public static final int KEEP_ALIVE_SECONDS = 10;

    private MqttSupport() {}

    public static MqttConnectOptions options(String brokerUrl, String username, String password, TlsConfig tls, int maxInflight) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setKeepAliveInterval(KEEP_ALIVE_SECONDS);
        o.setConnectionTimeout(5);
        if (username != null) o.setUserName(username);
        if (password != null) o.setPassword(password.toCharArray());
        if (brokerUrl.startsWith("ssl://")) {
            TlsConfig t = tls == null ? TlsConfig.DEFAULT : tls;
            try {
                o.setSocketFactory(t.socketFactory());
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalArgumentException("TLS setup for " + brokerUrl + " failed: " + e.getMessage(), e);
            }
            o.setHttpsHostnameVerificationEnabled(t.verifyHostname());
        }
        return o;
    }
}
