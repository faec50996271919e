package org.ecogate.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13: a {@code <gateway>.key} file becomes the HMAC key by PROTOCOL.md section 3 "Keys" (UTF-8, trimmed of
 * U+0000-U+0020, the text's UTF-8 bytes, at least 16). The same vectors as the gateway's KeyFileRuleTest.
 */
class KeyDirectoryTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private byte[] keyOf(byte[] content) throws IOException {
        Files.write(dir.resolve("gw1.key"), content);
        return new KeyDirectory(dir).key("gw1");
    }

    // issue 13
    @Test
    void theKeyIsTheTrimmedTextsUtf8BytesNotHexDecoded() throws Exception {
        assertThat(keyOf((" \t" + HEX + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HEX.getBytes(StandardCharsets.US_ASCII)).hasSize(64);
        // 14 characters, 26 UTF-8 bytes: the minimum counts bytes
        assertThat(keyOf("ключ-ключ-ключ\n".getBytes(StandardCharsets.UTF_8))).hasSize(26);
        // only U+0000-U+0020 are trimmed: a byte-order mark stays part of the key
        assertThat(keyOf(("\uFEFF" + HEX).getBytes(StandardCharsets.UTF_8))).hasSize(67);
    }

    // issue 13
    @Test
    void aShortOrUnreadableKeyIsAnErrorNamingTheFile() throws Exception {
        Path f = dir.resolve("gw1.key");
        Files.writeString(f, "  123456789012345 \n");
        assertThatThrownBy(() -> new KeyDirectory(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("15 bytes, at least 16");
        Files.write(f, new byte[] {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', (byte) 0xC3, '(', 'a', 'b', 'c', 'd', 'e'});
        assertThatThrownBy(() -> new KeyDirectory(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("UTF-8");
    }
}
