package org.ecogate.agent.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Commented starting configs shipped in resources {@code /init/NAME.yaml} ({@code ecogate init}), and the
 * per-gateway HMAC key file that goes with them. Stateless. Trap: never overwrites an existing file (the
 * technician's edits and the key the platform already knows would be lost); the key file is created owner-only.
 */
public final class ConfigTemplates {
    public static final List<String> NAMES = List.of("box", "local");

    private ConfigTemplates() {}

    /** The template's text with {@code gateway} filled in. */
    public static String render(String template, String gateway) throws ConfigException {
        if (!NAMES.contains(template)) {
            throw new ConfigException("--template", 0, "", "unknown template '" + template + "' (known: " + String.join(", ", NAMES) + ")");
        }
        if (!gateway.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new ConfigException("--gateway", 0, "", "'" + gateway + "' is not a valid id (letters, digits, _ and -, at most 64)");
        }
        try (InputStream in = ConfigTemplates.class.getResourceAsStream("/init/" + template + ".yaml")) {
            if (in == null) throw new IllegalStateException("resource /init/" + template + ".yaml missing");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{gateway}}", gateway);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes {@code text} to a new file; fails with {@link FileAlreadyExistsException} if it exists. */
    public static void writeNew(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /**
     * Creates a key file of 32 random bytes in hex (mode 0600 where the file system has POSIX permissions);
     * returns false and leaves the file alone when it exists.
     */
    public static boolean writeKeyIfAbsent(Path file) throws IOException {
        if (Files.exists(file)) return false;
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        return true;
    }
}
