package org.ecogate.agent.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Issue 23: a config that cannot be read or parsed is one line with the reason and the place: YAML syntax errors with
 * line:column (a tab on the line it is on), a binary file, a missing file or key file named once with the reason.
 */
class ConfigFileErrorsTest {
    @TempDir
    Path dir;

    private ConfigException load(String name, byte[] content) throws Exception {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return catchThrowableOfType(() -> ConfigLoader.load(f), ConfigException.class);
    }

    @Test
    void aTabIsReportedOnItsOwnLineAndColumnInOneLine() throws Exception {
        ConfigException e = load("tab.yaml", "gateway: g\nuplink:\n\tbroker: tcp://h:1\n".getBytes());
        assertThat(e.getMessage()).isEqualTo(dir.resolve("tab.yaml") + ":3:1: not valid YAML: a tab character here: YAML indents with spaces only");
    }

    @Test
    void anUnclosedBraceIsOneLineWithWhereTheMappingStarted() throws Exception {
        ConfigException e = load("brace.yaml", "gateway: g\nuplink: {broker: \"tcp://h:1\"\ndevices: []\n".getBytes());
        assertThat(e.getMessage()).isEqualTo(dir.resolve("brace.yaml")
                + ":3:1: not valid YAML: expected ',' or '}', but got <scalar> (while parsing a flow mapping at 2:9)");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(1);
    }

    @Test
    void aBinaryFileIsNotATextFile() throws Exception {
        ConfigException e = load("bin.yaml", new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, (byte) 0xff, (byte) 0xfe, 0, 0});
        assertThat(e.getMessage()).isEqualTo(dir.resolve("bin.yaml") + ": cannot read: not a UTF-8 text file (a binary or another encoding: save it as UTF-8 text)")
                .doesNotContain("Input length");
    }

    @Test
    void aMissingFileAndAMissingKeyFileNameThePathOnceWithTheReason() throws Exception {
        ConfigException e = catchThrowableOfType(() -> ConfigLoader.load(dir.resolve("none.yaml")), ConfigException.class);
        assertThat(e.getMessage()).isEqualTo(dir.resolve("none.yaml") + ": cannot read: no such file");
        Path key = dir.resolve("missing.key");
        e = load("key.yaml", ("gateway: g\nuplink: {broker: \"tcp://h:1\", keyFile: " + key + "}\ndevices: []\n").getBytes());
        assertThat(e.getMessage()).isEqualTo(dir.resolve("key.yaml") + ":2: uplink.keyFile: cannot read " + key + ": no such file");
    }

    @Test
    void permissionDeniedSaysSo() {
        // root reads every file, so the reason is checked on the exception NIO throws for a user
        assertThat(FileErrors.reason(new AccessDeniedException("/etc/ecogate/ecogate.yaml"))).isEqualTo("permission denied");
        assertThat(FileErrors.reason(new java.nio.file.NoSuchFileException("/x"))).isEqualTo("no such file");
    }
}
