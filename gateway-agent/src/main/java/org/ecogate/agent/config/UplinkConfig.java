package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * MQTT uplink to the platform (sync-protocol; v2 unless {@code encoding} says v1). {@code password} and the HMAC key
 * are never logged. Defaults and bounds: {@link Settings} (the sender's own come from sync-protocol's SenderSettings).
 *
 * @param key             this gateway's HMAC-SHA256 key: its UTF-8 bytes, at least 16 (e.g. {@code openssl rand -hex 32})
 * @param keyFile         file holding the key (trimmed); relative to the config file. At most one of key/keyFile
 * @param encoding        {@code compact} (default, protocol v2), {@code compact-v1} or {@code json} (protocol v1)
 * @param batchMaxBytes   largest batch message (default 262144)
 * @param caFile          PEM CA certificate(s) verifying the broker for {@code ssl://} (default: the JVM's trust store)
 * @param certFile        PEM client certificate for {@code ssl://} (optional, with {@code certKeyFile})
 * @param certKeyFile     PEM unencrypted PKCS#8 client key
 * @param verifyHostname  check the broker's host name against its certificate (default true)
 * @param statusInterval  heartbeat of the status message, also sent at once on a change (default 10m)
 * @param historicalAfter records older than this when sent are flagged historical (default 2m)
 * @param liveFirst       when a stream has a historical backlog, send new records ahead of it on a live lane
 *                        (default true; the platform stores in order only if its sink keeps no live range)
 * @param latency         how long new readings may wait so that one batch carries several poll cycles (default
 *                        3s; 0 sends every cycle at once). Events, gaps and summaries are never held.
 * @param insecure        send unsigned batches when there is no key (default false: a key is required to run)
 * @param keepAlive       MQTT keep-alive (default 120s: a ping after 60 s of silence, below cellular NAT timeouts)
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
        Boolean liveFirst,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration latency,
        Boolean insecure,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration keepAlive) {

    /** Default of {@code latency}: a few seconds of readings share one batch. */
    public static final Duration DEFAULT_LATENCY = Settings.UPLINK_LATENCY.defaultValue();

    /**
     * The section as written ({@code raw}) with the loader's checked {@code base} fields (broker, clientId, batch
     * size, window, timeouts) and the rest checked and defaulted here, paths resolved against {@code baseDir},
     * {@code keyFile} read into {@code key}. Errors name the field.
     */
    public static UplinkConfig resolve(Base base, UplinkConfig raw, Path baseDir, BufferConfig.Problem problem)
            throws ConfigException {
        if (raw.key() != null && raw.keyFile() != null) throw problem.at("key", "set key or keyFile, not both");
        String k = raw.key();
        if (raw.keyFile() != null) {
            Path f = resolve(baseDir, raw.keyFile());
            try {
                k = Files.readString(f, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw problem.at("keyFile", "cannot read " + f + ": " + FileErrors.reason(e));
            }
        }
        if (k != null && k.getBytes(StandardCharsets.UTF_8).length < 16) {
            throw problem.at(raw.keyFile() != null ? "keyFile" : "key", "the key must have at least 16 bytes (e.g. openssl rand -hex 32)");
        }
        String enc = Settings.UPLINK_ENCODING.or(raw.encoding());
        if (!enc.equals("compact") && !enc.equals("compact-v1") && !enc.equals("json")) {
            throw problem.at("encoding", "'" + enc + "': expected compact, compact-v1 or json");
        }
        Setting<Integer> mb = Settings.UPLINK_BATCH_MAX_BYTES;
        int maxBytes = mb.or(raw.batchMaxBytes());
        if (maxBytes < mb.min() || maxBytes > mb.max()) throw problem.at("batchMaxBytes", maxBytes + " is out of range " + mb.min() + ".." + mb.max());
        if ((raw.certFile() == null) != (raw.certKeyFile() == null)) {
            throw problem.at(raw.certFile() == null ? "certFile" : "certKeyFile", "a client certificate needs both certFile and certKeyFile");
        }
        for (String[] f : new String[][] {{"caFile", raw.caFile()}, {"certFile", raw.certFile()}, {"certKeyFile", raw.certKeyFile()}}) {
            if (f[1] != null && !Files.isReadable(resolve(baseDir, f[1]))) {
                Path p = resolve(baseDir, f[1]);
                throw problem.at(f[0], "cannot read " + p + ": " + (Files.exists(p) ? "permission denied" : "no such file"));
            }
        }
        if (!base.broker().startsWith("ssl://") && (raw.caFile() != null || raw.certFile() != null)) {
            throw problem.at("broker", "TLS files are set but the broker URL is not ssl://");
        }
        Duration status = Settings.UPLINK_STATUS_INTERVAL.or(raw.statusInterval());
        if (status.compareTo(Settings.UPLINK_STATUS_INTERVAL.min()) < 0) {
            throw problem.at("statusInterval", "too short (at least " + Durations.format(Settings.UPLINK_STATUS_INTERVAL.min()) + ")");
        }
        Duration hist = Settings.UPLINK_HISTORICAL_AFTER.or(raw.historicalAfter());
        Duration latency = Settings.UPLINK_LATENCY.or(raw.latency());
        if (latency.isNegative() || latency.compareTo(Settings.UPLINK_LATENCY.max()) > 0) {
            throw problem.at("latency", Durations.format(latency) + " is out of range " + Settings.UPLINK_LATENCY.rangeText());
        }
        Setting<Duration> ka = Settings.UPLINK_KEEP_ALIVE;
        Duration keepAlive = ka.or(raw.keepAlive());
        if (keepAlive.compareTo(ka.min()) < 0 || keepAlive.compareTo(ka.max()) > 0) {
            throw problem.at("keepAlive", Durations.format(keepAlive) + " is out of range " + ka.rangeText());
        }
        return new UplinkConfig(base.broker(), base.clientId(), base.batchMaxRecords(), base.window(), base.ackTimeout(),
                base.drainOnStop(), raw.username(), raw.password(), k, null, enc, maxBytes,
                path(baseDir, raw.caFile()), path(baseDir, raw.certFile()), path(baseDir, raw.certKeyFile()),
                Settings.UPLINK_VERIFY_HOSTNAME.or(raw.verifyHostname()), status, hist, Settings.UPLINK_LIVE_FIRST.or(raw.liveFirst()),
                latency, Settings.UPLINK_INSECURE.or(raw.insecure()), keepAlive);
    }

    /** Batches are signed by default: without a key, running needs an explicit {@code insecure: true}. */
    public void requireKeyOrInsecure(String file) throws ConfigException {
        if (key == null && !Boolean.TRUE.equals(insecure)) {
            throw new ConfigException(file, 0, "uplink.key", "missing: batches are signed by default; give this gateway a key "
                    + "(uplink.keyFile: hmac.key, made by `ecogate init` or `openssl rand -hex 32 > hmac.key`, and the same key to "
                    + "the platform), or set uplink.insecure: true to send unsigned batches that anyone on the broker can forge");
        }
    }

    /** The fields the loader checks itself (the broker URL needs the gateway id for the default client id). */
    public record Base(String broker, String clientId, int batchMaxRecords, int window, Duration ackTimeout, Duration drainOnStop) {}

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
                + ", encoding=" + encoding + ", caFile=" + caFile + (Boolean.TRUE.equals(insecure) ? ", INSECURE" : "") + "]";
    }
}
