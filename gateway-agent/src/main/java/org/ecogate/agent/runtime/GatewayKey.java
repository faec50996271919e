package org.ecogate.agent.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A gateway's HMAC-SHA256 signing key: 32 random bytes as 64 hex characters (what {@code uplink.keyFile} holds and
 * the platform is given). For {@code ecogate init} and the box set-up. Stateless, thread-safe. Trap: the file is
 * created owner-only (0600) and never overwritten: replacing a key the platform knows would get every batch rejected.
 */
public final class GatewayKey {
    private static final SecureRandom RANDOM = new SecureRandom();

    private GatewayKey() {
    }

    /** A new random key, 64 hex characters. */
    public static String generate() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Writes a new key to {@code file} (0600, parent directories created); fails if the file exists. Returns the key. */
    public static String writeNew(Path file) throws IOException {
        if (Files.exists(file)) throw new FileAlreadyExistsException(file + " (keep it: the platform knows this key)");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String key = generate();
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file);
        }
        Files.writeString(file, key + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        return key;
    }
}
