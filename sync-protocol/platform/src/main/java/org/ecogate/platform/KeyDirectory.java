package org.ecogate.platform;

import org.ecogate.sync.GatewayKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Gateway keys from a directory: one file {@code <gateway>.key} per gateway holding its key as text (the UTF-8 bytes
 * of the trimmed content, at least 16; e.g. {@code openssl rand -hex 32}). A gateway not found triggers a rescan at
 * most every 5 s, so new gateways are picked up without a restart. Thread-safe. Trap: a key file readable by others
 * lets them forge that gateway's data: keep the directory 0700.
 */
public final class KeyDirectory implements GatewayKeys {
    private static final Logger log = LoggerFactory.getLogger(KeyDirectory.class);
    private static final long RESCAN_NANOS = 5_000_000_000L;

    private final Path dir;
    private volatile Map<String, byte[]> keys;
    private volatile long lastScan;

    /** Loads {@code dir}; a missing directory or a bad file is an error naming it. */
    public KeyDirectory(Path dir) throws IOException {
        this.dir = dir;
        if (!Files.isDirectory(dir)) throw new IOException("key directory " + dir + " does not exist");
        this.keys = scan();
        if (keys.isEmpty()) throw new IOException("key directory " + dir + " holds no <gateway>.key file");
    }

    private Map<String, byte[]> scan() throws IOException {
        Map<String, byte[]> m = new HashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.key")) {
            for (Path f : ds) {
                String name = f.getFileName().toString();
                String gw = name.substring(0, name.length() - 4);
                try {
                    GatewayKeys.checkGateway(gw);
                } catch (IllegalArgumentException e) {
                    throw new IOException("key file " + f + ": " + e.getMessage());
                }
                String text;
                try {
                    text = Files.readString(f, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new IOException("key file " + f + ": cannot read it as UTF-8 text: " + e, e);
                }
                byte[] k = text.trim().getBytes(StandardCharsets.UTF_8); // PROTOCOL.md 3 "Keys": the same rule as the gateway's
                if (k.length < 16) throw new IOException("key file " + f + ": key has " + k.length + " bytes, at least 16 needed");
                m.put(gw, k);
            }
        }
        lastScan = System.nanoTime();
        return Map.copyOf(m);
    }

    @Override
    public byte[] key(String gateway) {
        byte[] k = keys.get(gateway);
        if (k != null || System.nanoTime() - lastScan < RESCAN_NANOS) return k;
        synchronized (this) {
            if (System.nanoTime() - lastScan >= RESCAN_NANOS) {
                try {
                    keys = scan();
                    log.info("keys: rescanned {}: {} gateways", dir, keys.size());
                } catch (IOException e) {
                    lastScan = System.nanoTime();
                    log.warn("keys: rescan of {} failed, keeping {} keys: {}", dir, keys.size(), e.getMessage());
                }
            }
        }
        return keys.get(gateway);
    }

    @Override
    public boolean required() {
        return true;
    }

    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "keys of " + keys.size() + " gateways in " + dir;
    }
}
