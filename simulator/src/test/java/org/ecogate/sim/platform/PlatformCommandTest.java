package org.ecogate.sim.platform;

import org.ecogate.sync.testkit.CliRun;
import org.ecogate.sim.SimMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12: the simulated platform accepts only signed batches unless told {@code --insecure}; issue 16: config pushes are signed. */
class PlatformCommandTest {
    @TempDir
    Path dir;

    // issue 12
    @Test
    @org.junit.jupiter.api.Timeout(20) // before issue 12 the command started and ran until stopped
    void withoutKeysItRefusesToStartUnlessInsecure() {
        CliRun r = CliRun.of(SimMain::execute, "platform", "--broker", "tcp://127.0.0.1:1", "--db", dir.resolve("p.db").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: no gateway keys: batches are signed by default")
                .contains("--key GATEWAY=KEY").contains("--insecure").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    // issue 16
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void pushConfigNeedsTheGatewaysKeyAndAReadableFile() throws Exception {
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "gateway: gw1\n");
        assertThat(run("--key", "gw1=k", "--push-config", "gw2=" + cfg)).isEqualTo("2 error: --push-config gw2=" + cfg
                + ": no key for gateway gw2: config commands are always signed");
        assertThat(run("--key", "gw1=k", "--push-config", "gw1=" + dir.resolve("none.yaml"))).isEqualTo("2 error: --push-config gw1="
                + dir.resolve("none.yaml") + ": cannot read " + dir.resolve("none.yaml"));
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    private String run(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "platform";
        all[1] = "--broker";
        all[2] = "tcp://127.0.0.1:1";
        all[3] = "--db";
        all[4] = dir.resolve("p.db").toString();
        System.arraycopy(args, 0, all, 5, args.length);
        CliRun r = CliRun.of(SimMain::execute, all);
        return r.code() + " " + r.err().strip();
    }
}
