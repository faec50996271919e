package org.ecogate.sync;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/**
 * TLS to the broker ({@code ssl://} URLs). The server is always verified: against {@code caFile} (PEM, one or
 * more certificates) or, when null, the JVM's default trust store; the host name is checked against the
 * certificate unless {@code verifyHostname} is false. {@code certFile}/{@code keyFile} (PEM; the key
 * unencrypted PKCS#8, "BEGIN PRIVATE KEY", RSA or EC) add a client certificate.
 */
public record TlsConfig(Path caFile, Path certFile, Path keyFile, boolean verifyHostname) {
    public static final TlsConfig DEFAULT = new TlsConfig(null, null, null, true);

    public TlsConfig {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("TLS client certificate needs both certFile and keyFile");
        }
    }

    /** An SSL socket factory verifying the server as configured. */
    public SSLSocketFactory socketFactory() throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (caFile == null) {
            tmf.init((KeyStore) null);
        } else {
            KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
            ts.load(null, null);
            int i = 0;
            for (Certificate c : readCerts(caFile)) ts.setCertificateEntry("ca" + i++, c);
            if (i == 0) throw new GeneralSecurityException("TLS caFile " + caFile + ": no certificate in it");
            tmf.init(ts);
        }
        KeyManagerFactory kmf = null;
        if (certFile != null) {
            Collection<? extends Certificate> chain = readCerts(certFile);
            if (chain.isEmpty()) throw new GeneralSecurityException("TLS certFile " + certFile + ": no certificate in it");
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            char[] pw = "ecogate".toCharArray();
            ks.setKeyEntry("client", readKey(keyFile), pw, chain.toArray(new Certificate[0]));
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
        }
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private static Collection<? extends Certificate> readCerts(Path f) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(f)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
    }

    private static PrivateKey readKey(Path f) throws IOException, GeneralSecurityException {
        String pem = Files.readString(f, StandardCharsets.US_ASCII);
        int a = pem.indexOf("-----BEGIN PRIVATE KEY-----");
        int b = pem.indexOf("-----END PRIVATE KEY-----");
        if (a < 0 || b < a) {
            throw new GeneralSecurityException("TLS keyFile " + f + ": expected an unencrypted PKCS#8 PEM key "
                    + "(BEGIN PRIVATE KEY); convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(a + 27, b));
        GeneralSecurityException last = null;
        for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw new GeneralSecurityException("TLS keyFile " + f + ": not an RSA, EC or Ed25519 key", last);
    }
}
