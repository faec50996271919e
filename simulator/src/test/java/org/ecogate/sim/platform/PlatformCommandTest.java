package org.ecogate.sim.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the simulated platform accepts only signed batches unless told {@code --insecure}; issue 16: config pushes are signed. */
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

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void issue16_pushConfigNeedsTheGatewaysKeyAndAReadableFile() throws Exception {
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "gateway: gw1\n");
        assertThat(run("--key", "gw1=k", "--push-config", "gw2=" + cfg)).isEqualTo("2 error: --push-config gw2=" + cfg
                + ": no key for gateway gw2: config commands are always signed");
        assertThat(run("--key", "gw1=k", "--push-config", "gw1=" + dir.resolve("none.yaml"))).isEqualTo("2 error: --push-config gw1="
                + dir.resolve("none.yaml") + ": cannot read " + dir.resolve("none.yaml"));
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    private String run(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true));
        try {
            String[] all = new String[args.length + 4];
            all[0] = "--broker";
            all[1] = "tcp://127.0.0.1:1";
            all[2] = "--db";
            all[3] = dir.resolve("p.db").toString();
            System.arraycopy(args, 0, all, 4, args.length);
            return new CommandLine(new PlatformCommand()).execute(all) + " " + err.toString().strip();
        } finally {
            System.setErr(old);
        }
    }
}
