package org.ecogate.agent.uplink.hj212;

import org.ecogate.agent.config.Hj212UplinkConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Properties;

/**
 * Settings a platform may change by command (password 1072, timeout/retries 1000, real-time interval 1062), kept in
 * a small file beside the buffer so they survive restarts; the config gives the starting values. Thread-safe
 * (synchronized). Trap: the file is written to a temporary and renamed, so a power cut leaves the old or the new one.
 */
final class SiteSettings {
    private static final Logger log = LoggerFactory.getLogger(SiteSettings.class);
    private final Path file;
    private String pw;
    private Duration timeout;
    private int retries;
    private Duration realtimeInterval;

    SiteSettings(Hj212UplinkConfig cfg, Path file) {
        this.file = file;
        this.pw = cfg.pw();
        this.timeout = cfg.timeout();
        this.retries = cfg.retries();
        this.realtimeInterval = cfg.realtimeInterval();
        if (file != null && Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
                pw = p.getProperty("pw", pw);
                timeout = Duration.ofMillis(Long.parseLong(p.getProperty("timeoutMs", "" + timeout.toMillis())));
                retries = Integer.parseInt(p.getProperty("retries", "" + retries));
                realtimeInterval = Duration.ofMillis(Long.parseLong(p.getProperty("realtimeIntervalMs",
                        "" + realtimeInterval.toMillis())));
                log.info("uplink {}: settings set by the platform loaded from {}", cfg.name(), file);
            } catch (IOException | RuntimeException e) {
                log.warn("uplink {}: {} unreadable, config values used: {}", cfg.name(), file, e.toString());
            }
        }
    }

    synchronized String pw() {
        return pw;
    }

    synchronized Duration timeout() {
        return timeout;
    }

    synchronized int retries() {
        return retries;
    }

    synchronized Duration realtimeInterval() {
        return realtimeInterval;
    }

    synchronized void setPw(String v) throws IOException {
        pw = v;
        save();
    }

    synchronized void setTimeoutRetries(Duration t, int r) throws IOException {
        timeout = t;
        retries = r;
        save();
    }

    synchronized void setRealtimeInterval(Duration d) throws IOException {
        realtimeInterval = d;
        save();
    }

    private void save() throws IOException {
        if (file == null) return;
        Properties p = new Properties();
        p.setProperty("pw", pw);
        p.setProperty("timeoutMs", "" + timeout.toMillis());
        p.setProperty("retries", "" + retries);
        p.setProperty("realtimeIntervalMs", "" + realtimeInterval.toMillis());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))); // it holds the password
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "set by the HJ 212 platform; delete to go back to the config values");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
