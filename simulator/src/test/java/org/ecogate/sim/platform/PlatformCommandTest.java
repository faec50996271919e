package org.ecogate.sim.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the simulated platform accepts only signed batches unless told {@code --insecure}. */
class PlatformCommandTest {
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(20) // before issue 12 the command started and ran until stopped
    void issue12_withoutKeysItRefusesToStartUnlessInsecure() {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        int code;
        try {
            code = new CommandLine(new PlatformCommand()).execute("--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString());
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("error: no gateway keys: batches are signed by default")
                .contains("--key GATEWAY=KEY").contains("--insecure").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }
}
