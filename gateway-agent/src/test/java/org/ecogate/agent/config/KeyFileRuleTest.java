package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 13: {@code uplink.keyFile} becomes the HMAC key by PROTOCOL.md section 3 "Keys" (UTF-8, trimmed of
 * U+0000-U+0020, the text's UTF-8 bytes, at least 16). The same vectors as the platform's KeyDirectoryTest.
 */
class KeyFileRuleTest {
    private static final String HEX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private AgentConfig load(byte[] keyFile) throws Exception {
        Files.write(dir.resolve("hmac.key"), keyFile);
        return ConfigLoader.parse("agent.yaml", """
                gateway: gw1
                uplink:
                  broker: tcp://127.0.0.1:1883
                  keyFile: hmac.key
                devices:
                  - {id: fan1, host: 127.0.0.1, port: 1502, points: [{name: freq, address: 0}]}
                """, dir, Map.of());
    }

    private byte[] keyOf(byte[] content) throws Exception {
        return load(content).uplink().key().getBytes(StandardCharsets.UTF_8); // as SyncUplink signs with it
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
        Path f = dir.resolve("hmac.key");
        assertThatThrownBy(() -> load("  123456789012345 \n".getBytes(StandardCharsets.UTF_8))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("uplink.keyFile").hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> load(new byte[] {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', (byte) 0xC3, '(', 'a', 'b', 'c', 'd', 'e'}))
                .isInstanceOf(ConfigException.class).hasMessageContaining("uplink.keyFile").hasMessageContaining(f.toString());
    }
}
