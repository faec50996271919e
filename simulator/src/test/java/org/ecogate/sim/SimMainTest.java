package org.ecogate.sim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23: ecogate-sim's bad options are one line, exit 2, no stack trace, and never echo a key. */
class SimMainTest {
    private static final String SECRET = "1f37c0ffee5ecret0123456789abcdef";

    @TempDir
    Path dir;

    record Run(int code, String err) {}

    private static synchronized Run run(String... args) {
        PrintStream e = System.err, o = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Run(SimMain.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(e);
            System.setOut(o);
        }
    }

    @Test
    void aBadGatewayNameInAKeyIsOneLineWithoutTheKey() {
        Run r = run("platform", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString(), "--key", "bad name=" + SECRET);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("'bad name' is not a valid name").doesNotContain("\n")
                .doesNotContain("\tat ").doesNotContain(SECRET);
    }

    @Test
    void aKeyWithoutItsGatewayIsRefusedWithoutEchoingIt() {
        Run r = run("platform", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString(), "--key", SECRET);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("--key").doesNotContain(SECRET).doesNotContain("\n");
    }

    @Test
    void aKeyFileTooShortIsExplainedWithoutTheKey() throws Exception {
        // a gateway's own key file is the format (one rule for agent, simulator, receiver); a short one is refused
        Path key = dir.resolve("hmac.key");
        Files.writeString(key, SECRET.substring(0, 12) + "\n");
        Run r = run("platform", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString(), "--key-file", key.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).doesNotContain(SECRET.substring(0, 12)).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n");
    }

    @Test
    void anUnknownOptionAndAMissingFileAreOneLine() {
        Run r = run("plant", "--config", dir.resolve("none.yaml").toString(), "--colour");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: Unknown option: '--colour'").doesNotContain("\n");
        r = run("platform", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString(), "--key-file", dir.resolve("none.key").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").doesNotContain("\n").doesNotContain("\tat ");
    }
}
