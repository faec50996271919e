package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * MQTT uplink to the platform (sync-protocol v1). {@code password} and the HMAC key are never logged.
 *
 * @param key             this gateway's HMAC-SHA256 key: its UTF-8 bytes, at least 16 (e.g. {@code openssl rand -hex 32})
 * @param keyFile         file holding the key (trimmed); relative to the config file. At most one of key/keyFile
 * @param encoding        {@code compact} (default) or {@code json}
 * @param batchMaxBytes   largest batch message (default 262144)
 * @param caFile          PEM CA certificate(s) verifying the broker for {@code ssl://} (default: the JVM's trust store)
 * @param certFile        PEM client certificate for {@code ssl://} (optional, with {@code certKeyFile})
 * @param certKeyFile     PEM unencrypted PKCS#8 client key
 * @param verifyHostname  check the broker's host name against its certificate (default true)
 * @param statusInterval  period of status messages (default 30s)
 * @param historicalAfter records older than this when sent are flagged historical (default 2m)
 * @param liveFirst       when a stream has a historical backlog, send new records ahead of it on a live lane
 *                        (default true; the platform stores in order only if its sink keeps no live range)
 */
public record UplinkConfig(
        String broker,
        String clientId,
        Integer batchMaxRecords,
        Integer window,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration ackTimeout,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration drainOnStop,
        String username,
        String password,
        String key,
        String keyFile,
        String encoding,
        Integer batchMaxBytes,
        String caFile,
        String certFile,
        String certKeyFile,
        Boolean verifyHostname,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration statusInterval,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration historicalAfter,
        Boolean liveFirst) {

    /** The v0 fields only. */
    public UplinkConfig(String broker, String clientId, Integer batchMaxRecords, Integer window, Duration ackTimeout,
                        Duration drainOnStop, String username, String password) {
        this(broker, clientId, batchMaxRecords, window, ackTimeout, drainOnStop, username, password,
                null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The v1 fields of {@code raw} checked and defaulted, paths resolved against {@code baseDir}, {@code keyFile}
     * read into {@code key}. Errors name the field.
     */
    public static UplinkConfig resolveV1(UplinkConfig base, UplinkConfig raw, Path baseDir, BufferConfig.Problem problem)
            throws ConfigException {
        if (raw.key() != null && raw.keyFile() != null) throw problem.at("key", "set key or keyFile, not both");
        String k = raw.key();
        if (raw.keyFile() != null) {
            Path f = resolve(baseDir, raw.keyFile());
            try {
                k = Files.readString(f, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw problem.at("keyFile", "cannot read " + f + ": " + e.getMessage());
            }
        }
        if (k != null && k.getBytes(StandardCharsets.UTF_8).length < 16) {
            throw problem.at(raw.keyFile() != null ? "keyFile" : "key", "the key must have at least 16 bytes (e.g. openssl rand -hex 32)");
        }
        String enc = Settings.UPLINK_ENCODING.or(raw.encoding());
        if (!enc.equals("compact") && !enc.equals("json")) throw problem.at("encoding", "'" + enc + "': expected compact or json");
        Setting<Integer> mb = Settings.UPLINK_BATCH_MAX_BYTES;
        int maxBytes = mb.or(raw.batchMaxBytes());
        if (maxBytes < mb.min() || maxBytes > mb.max()) throw problem.at("batchMaxBytes", maxBytes + " is out of range " + mb.min() + ".." + mb.max());
        if ((raw.certFile() == null) != (raw.certKeyFile() == null)) {
            throw problem.at(raw.certFile() == null ? "certFile" : "certKeyFile", "a client certificate needs both certFile and certKeyFile");
        }
        for (String[] f : new String[][] {{"caFile", raw.caFile()}, {"certFile", raw.certFile()}, {"certKeyFile", raw.certKeyFile()}}) {
            if (f[1] != null && !Files.isReadable(resolve(baseDir, f[1]))) throw problem.at(f[0], "cannot read " + resolve(baseDir, f[1]));
        }
        if (!base.broker().startsWith("ssl://") && (raw.caFile() != null || raw.certFile() != null)) {
            throw problem.at("broker", "TLS files are set but the broker URL is not ssl://");
        }
        Duration status = Settings.UPLINK_STATUS_INTERVAL.or(raw.statusInterval());
        if (status.compareTo(Settings.UPLINK_STATUS_INTERVAL.min()) < 0) {
            throw problem.at("statusInterval", "too short (at least " + Durations.format(Settings.UPLINK_STATUS_INTERVAL.min()) + ")");
        }
        Duration hist = Settings.UPLINK_HISTORICAL_AFTER.or(raw.historicalAfter());
        return new UplinkConfig(base.broker(), base.clientId(), base.batchMaxRecords(), base.window(), base.ackTimeout(),
                base.drainOnStop(), base.username(), base.password(), k, null, enc, maxBytes,
                path(baseDir, raw.caFile()), path(baseDir, raw.certFile()), path(baseDir, raw.certKeyFile()),
                Settings.UPLINK_VERIFY_HOSTNAME.or(raw.verifyHostname()), status, hist, Settings.UPLINK_LIVE_FIRST.or(raw.liveFirst()));
    }

    private static Path resolve(Path baseDir, String f) {
        Path p = Path.of(f);
        return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p);
    }

    private static String path(Path baseDir, String f) {
        return f == null ? null : resolve(baseDir, f).toString();
    }

    @Override
    public String toString() {
        return "UplinkConfig[broker=" + broker + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "***") + ", key=" + (key == null ? "none" : "***")
                + ", encoding=" + encoding + ", caFile=" + caFile + "]";
    }
}
