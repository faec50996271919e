package org.ecogate.sync;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one key-file format of gateway, simulator and receiver (PROTOCOL.md 3 "Keys"): a file {@code <gateway>.key}
 * whose UTF-8 text, trimmed of U+0000–U+0020, is the HMAC key as text (not hex-decoded), at least 16 bytes. So a
 * receiver's key directory holds the very files the gateways have. Stateless, thread-safe. Trap: errors name the
 * file and the reason, never the content (a key must never reach a log).
 */
public final class KeyFile {
    /** The file name suffix; the name before it is the gateway id. */
    public static final String SUFFIX = ".key";
    /** The shortest key in bytes. */
    public static final int MIN_BYTES = 16;
    /** A key file larger than this is not a key file (and is not read into memory). */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    private KeyFile() {}

    /** The key {@code file} holds; an IOException whose message names the file and why (never the content). */
    public static byte[] read(Path file) throws IOException {
        byte[] raw;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) throw new IOException(file + ": larger than " + MAX_FILE_BYTES + " bytes, not a key file");
            raw = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": permission denied");
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
            throw new IOException(file + ": cannot read (" + e.getClass().getSimpleName().replace("Exception", "") + ")");
        }
        return parse(raw, file.toString());
    }

    /** The key in {@code content} (the bytes of a key file); {@code where} names its origin in errors. */
    public static byte[] parse(byte[] content, String where) throws IOException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new IOException(where + ": not UTF-8 text");
        }
        byte[] k = text.trim().getBytes(StandardCharsets.UTF_8); // String.trim removes exactly U+0000..U+0020
        if (k.length < MIN_BYTES) {
            throw new IOException(where + ": the key has " + k.length + " bytes, at least " + MIN_BYTES + " needed (e.g. openssl rand -hex 32)");
        }
        return k;
    }

    /** The gateway a key file belongs to (its name before {@code .key}); IllegalArgumentException naming the file. */
    public static String gatewayOf(Path file) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) throw new IllegalArgumentException(file + ": a key file is named <gateway>.key");
        try {
            return GatewayKeys.checkGateway(name.substring(0, name.length() - SUFFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": the name before .key is not a gateway id (" + e.getMessage() + ")");
        }
    }
}
