package org.ecogate.agent.acquisition.coap;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

import java.nio.charset.StandardCharsets;

/**
 * Builds Californium clients with their own endpoint (plain UDP or DTLS with a pre-shared key). Thread-safe.
 * Traps: configuration is created without a file (Californium otherwise writes Californium3.properties into the
 * working directory); every client returned must be {@link #close}d, which destroys its endpoint and threads.
 */
public final class CoapClients {
    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private CoapClients() {}

    public static Configuration configuration() {
        return Configuration.createStandardWithoutFile();
    }

    /** A client for {@code uri} with timeout; for coaps:// the PSK identity and key (UTF-8 text, or hex with a "0x" prefix). */
    public static CoapClient create(String uri, long timeoutMs, String pskIdentity, String pskKey) {
        Configuration cfg = configuration();
        CoapEndpoint.Builder b = new CoapEndpoint.Builder().setConfiguration(cfg);
        if (uri.startsWith("coaps:")) {
            DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(cfg)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(pskIdentity, key(pskKey)))
                    .build();
            b.setConnector(new DTLSConnector(dtls));
        }
        CoapEndpoint ep = b.build();
        CoapClient c = new CoapClient(uri);
        c.setEndpoint(ep);
        c.setTimeout(timeoutMs);
        return c;
    }

    static byte[] key(String k) {
        if (k.startsWith("0x") && k.length() % 2 == 0) {
            byte[] b = new byte[(k.length() - 2) / 2];
            for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(k.substring(2 + 2 * i, 4 + 2 * i), 16);
            return b;
        }
        return k.getBytes(StandardCharsets.UTF_8);
    }

    /** Shuts the client down and destroys its endpoint (threads, socket). */
    public static void close(CoapClient c) {
        if (c == null) return;
        org.eclipse.californium.core.network.Endpoint ep = c.getEndpoint();
        c.shutdown();
        if (ep != null) ep.destroy();
    }
}
