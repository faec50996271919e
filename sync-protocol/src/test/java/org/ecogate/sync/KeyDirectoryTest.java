package org.ecogate.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

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

    @Test
    void theKeyIsTheTrimmedTextsUtf8BytesNotHexDecoded() throws Exception {
        assertThat(keyOf((" \t" + HEX + "\r\n").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(HEX.getBytes(StandardCharsets.US_ASCII)).hasSize(64);
        // 14 characters, 26 UTF-8 bytes: the minimum counts bytes
        assertThat(keyOf("ключ-ключ-ключ\n".getBytes(StandardCharsets.UTF_8))).hasSize(26);
        // only U+0000-U+0020 are trimmed: a byte-order mark stays part of the key
        assertThat(keyOf(("\uFEFF" + HEX).getBytes(StandardCharsets.UTF_8))).hasSize(67);
    }

    @Test
    void aShortOrUnreadableKeyIsAnErrorNamingTheFileNeverTheKey() throws Exception {
        Path f = dir.resolve("gw1.key");
        Files.writeString(f, "  123456789012345 \n");
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(IOException.class)
                .hasMessage(f + ": the key has 15 bytes, at least 16 needed (e.g. openssl rand -hex 32)");
        Files.write(f, new byte[] {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', (byte) 0xC3, '(', 'a', 'b', 'c', 'd', 'e'});
        assertThatThrownBy(() -> KeyFile.read(f)).isInstanceOf(IOException.class).hasMessage(f + ": not UTF-8 text");
        assertThatThrownBy(() -> KeyFile.read(dir.resolve("none.key"))).hasMessage(dir.resolve("none.key") + ": no such file");
        // in a directory the bad file is skipped and reported, the directory still loads
        KeyDirectory d = new KeyDirectory(dir);
        assertThat(d.key("gw1")).isNull();
        assertThat(d.problems()).containsExactly(f + ": not UTF-8 text");
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-06T00:00:00Z");

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId z) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    private static final Duration RESCAN = Duration.ofSeconds(10);
    private static final Duration OVERLAP = Duration.ofHours(1);

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anEmptyDirectoryIsNotFatalAndANewFileIsPickedUpWithinTheRescanTime() throws Exception {
        TestClock clock = new TestClock();
        KeyDirectory d = new KeyDirectory(dir, RESCAN, OVERLAP, clock);
        assertThat(d.size()).isZero();
        Files.writeString(dir.resolve("gw1.key"), HEX + "\n");
        clock.advance(Duration.ofSeconds(9));
        assertThat(d.key("gw1")).as("not before the rescan time").isNull();
        clock.advance(Duration.ofSeconds(1));
        assertThat(d.key("gw1")).isEqualTo(b(HEX));
    }

    @Test
    void aBadFileIsSkippedAndReportedWhileTheOthersKeepWorking() throws Exception {
        TestClock clock = new TestClock();
        Files.writeString(dir.resolve("gw1.key"), HEX + "\n");
        Files.writeString(dir.resolve("zz-bad.key"), "abc\n");
        Files.writeString(dir.resolve("not a gateway.key"), HEX + "\n");
        KeyDirectory d = new KeyDirectory(dir, RESCAN, OVERLAP, clock);
        assertThat(d.key("gw1")).isEqualTo(b(HEX));
        assertThat(d.problems()).hasSize(2).anyMatch(p -> p.equals(dir.resolve("zz-bad.key") + ": the key has 3 bytes, at least 16 needed (e.g. openssl rand -hex 32)"))
                .anyMatch(p -> p.startsWith(dir.resolve("not a gateway.key") + ": the name before .key is not a gateway id"));
        // a new gateway is still picked up while the bad file stays
        Files.writeString(dir.resolve("gw2.key"), HEX.toUpperCase() + "\n");
        clock.advance(RESCAN);
        assertThat(d.key("gw2")).isEqualTo(b(HEX.toUpperCase()));
        // a gateway whose file turns bad keeps its last good key, and that is reported
        Files.writeString(dir.resolve("gw1.key"), "x\n");
        clock.advance(RESCAN);
        assertThat(d.key("gw1")).isEqualTo(b(HEX));
        assertThat(d.problems()).anyMatch(p -> p.contains("gw1.key: the key has 1 bytes") && p.endsWith("(keeping gw1's last good key)"));
        for (String p : d.problems()) assertThat(p).doesNotContain(HEX).doesNotContain("abc");
    }

    @Test
    void aChangedKeyRotatesWithThePreviousKeyValidForTheOverlapAndARemovedFileRevokes() throws Exception {
        TestClock clock = new TestClock();
        String newKey = HEX.replace('0', 'f');
        Path f = dir.resolve("gw1.key");
        Files.writeString(f, HEX + "\n");
        KeyDirectory d = new KeyDirectory(dir, RESCAN, OVERLAP, clock);
        Files.writeString(f, newKey + "\n");
        Files.setLastModifiedTime(f, java.nio.file.attribute.FileTime.from(clock.instant().plusSeconds(5)));
        clock.advance(RESCAN);
        assertThat(d.key("gw1")).as("the new key signs acks").isEqualTo(b(newKey));
        assertThat(d.keys("gw1")).containsExactly(b(newKey), b(HEX));
        clock.advance(OVERLAP.minusSeconds(1));
        assertThat(d.keys("gw1")).as("old key inside the overlap").containsExactly(b(newKey), b(HEX));
        clock.advance(Duration.ofSeconds(1));
        assertThat(d.keys("gw1")).as("old key after the overlap").containsExactly(b(newKey));
        Files.delete(f);
        clock.advance(RESCAN);
        assertThat(d.keys("gw1")).as("revoked").isEmpty();
        assertThat(d.key("gw1")).isNull();
    }
}
