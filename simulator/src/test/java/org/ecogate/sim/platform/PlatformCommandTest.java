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
                .contains("--key-file").contains("--insecure").doesNotContain("\n");
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    // issue 16
    @Test
    @org.junit.jupiter.api.Timeout(20)
    void pushConfigNeedsTheGatewaysKeyAndAReadableFile() throws Exception {
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "gateway: gw1\n");
        assertThat(run("--key", "gw1=" + SECRET, "--push-config", "gw2=" + cfg)).isEqualTo("2 error: --push-config gw2=" + cfg
                + ": no key for gateway gw2: config commands are always signed");
        assertThat(run("--key", "gw1=" + SECRET, "--push-config", "gw1=" + dir.resolve("none.yaml"))).isEqualTo("2 error: --push-config gw1="
                + dir.resolve("none.yaml") + ": cannot read " + dir.resolve("none.yaml"));
        assertThat(Files.exists(dir.resolve("p.db"))).as("nothing started").isFalse();
    }

    private static final String SECRET = "5ecret5ecret5ecret5ecret5ecret77";

    @Test
    @org.junit.jupiter.api.Timeout(20)
    void keyFilesAreTheGatewaysOwnFilesAndNoErrorEverShowsTheKey() throws Exception {
        // the agent's key file as `ecogate init` writes it (64 hex + newline) is read by the one KeyFile rule
        Path agentKey = dir.resolve("hmac.key");
        Files.writeString(agentKey, SECRET + "\n");
        Path cfg = dir.resolve("gw.yaml");
        Files.writeString(cfg, "gateway: gw1\n");
        assertThat(run("--key-file", "gw1=" + agentKey, "--push-config", "gw2=" + cfg))
                .isEqualTo("2 error: --push-config gw2=" + cfg + ": no key for gateway gw2: config commands are always signed");
        Path short1 = dir.resolve("gw-short.key");
        Files.writeString(short1, "5ecret5ecret\n");
        Path latin = dir.resolve("gw-latin.key");
        Files.write(latin, (SECRET + "\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        String[] outs = {
                run("--key-file", short1.toString()),
                run("--key-file", latin.toString()),
                run("--key-file", "bad name=" + agentKey),
                run("--key-file", dir.resolve("missing.key").toString()),
                run("--key", "bad name=" + SECRET),
                run("--key", "gw1=5ecret5ecret"),
                run("--keys", dir.resolve("nodir").toString()),
        };
        assertThat(outs[0]).isEqualTo("2 error: " + short1 + ": the key has 12 bytes, at least 16 needed (e.g. openssl rand -hex 32)");
        assertThat(outs[1]).isEqualTo("2 error: " + latin + ": not UTF-8 text");
        assertThat(outs[2]).startsWith("2 error: --key-file " + agentKey + ": gateway 'bad name' is not a valid name");
        assertThat(outs[3]).isEqualTo("2 error: " + dir.resolve("missing.key") + ": no such file");
        assertThat(outs[4]).startsWith("2 error: --key: gateway 'bad name' is not a valid name");
        assertThat(outs[5]).isEqualTo("2 error: --key gateway gw1: the key has 12 bytes, at least 16 needed (e.g. openssl rand -hex 32)");
        assertThat(outs[6]).isEqualTo("2 error: key directory " + dir.resolve("nodir") + ": no such directory");
        for (String o : outs) {
            assertThat(o).doesNotContain("5ecret").doesNotContain("Exception").doesNotContain("\tat ");
        }
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
