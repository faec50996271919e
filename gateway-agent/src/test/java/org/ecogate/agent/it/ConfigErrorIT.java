package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A broken config is rejected by the real CLI with file, line and field, and exit code 2. */
class ConfigErrorIT {
    @TempDir
    Path dir;

    private record Result(int code, String output) {}

    private Result cli(String... args) throws Exception {
        Path log = dir.resolve("cli.log");
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of(Rig.javaBin(), "-cp",
                System.getProperty("java.class.path"), "org.ecogate.agent.cli.Main"));
        cmd.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log));
    }

    private static final String GOOD = """
            gateway: gw1
            buffer: {path: b.db}
            uplink: {broker: "tcp://127.0.0.1:1", key: "it-key-0123456789abcdef"}
            devices:
              - id: fan1
                host: 127.0.0.1
                port: 1502
                points:
                  - {name: freq, address: 0, type: float32}
            """;

    @Test
    void unknownKeyWrongTypeAndMissingFieldExitWith2NamingFileLineAndField() throws Exception {
        Path unknown = dir.resolve("unknown.yaml");
        Files.writeString(unknown, GOOD.replace("    port: 1502", "    prot: 1502"));
        Result r = cli("run", "--config", unknown.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("unknown.yaml:7: devices[0]: unknown key 'prot'");
        assertThat(Files.exists(dir.resolve("b.db"))).as("nothing started").isFalse();

        Path wrongType = dir.resolve("wrong.yaml");
        Files.writeString(wrongType, GOOD.replace("port: 1502", "port: fivehundred"));
        r = cli("config", "validate", wrongType.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("wrong.yaml:7: devices[0].port:");

        Path missing = dir.resolve("missing.yaml");
        Files.writeString(missing, GOOD.replace("    host: 127.0.0.1\n", ""));
        r = cli("config", "validate", missing.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("missing.yaml:5: devices[0].host: missing");

        Path badType = dir.resolve("badtype.yaml");
        Files.writeString(badType, GOOD.replace("type: float32", "type: float128"));
        r = cli("config", "validate", badType.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("badtype.yaml:9: devices[0].points[0].type: unknown type 'float128'");

        Path good = dir.resolve("good.yaml");
        Files.writeString(good, GOOD);
        r = cli("config", "validate", good.toString());
        assertThat(r.code()).as(r.output()).isEqualTo(0);
        assertThat(r.output()).contains("good.yaml: ok");

        r = cli("config", "validate", dir.resolve("absent.yaml").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("absent.yaml");
    }

    // issue 12
    @Test
    void unsignedNeedsAnExplicitInsecureSettingThatIsLoggedLoudly() throws Exception {
        Path unsigned = dir.resolve("unsigned.yaml");
        Files.writeString(unsigned, GOOD.replace(", key: \"it-key-0123456789abcdef\"", ""));
        Result r = cli("config", "validate", unsigned.toString());
        assertThat(r.code()).as(r.output()).isEqualTo(2);
        assertThat(r.output().strip()).startsWith("error: " + unsigned + ": uplink.key: missing: batches are signed by default")
                .contains("uplink.insecure: true").doesNotContain("\n");
        r = cli("run", "--config", unsigned.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.output()).contains("uplink.key: missing");
        assertThat(Files.exists(dir.resolve("b.db"))).as("nothing started").isFalse();

        Path insecure = dir.resolve("insecure.yaml");
        Files.writeString(insecure, GOOD.replace(", key: \"it-key-0123456789abcdef\"", ", insecure: true"));
        r = cli("config", "validate", insecure.toString());
        assertThat(r.code()).as(r.output()).isEqualTo(0);
        assertThat(r.output()).contains("insecure.yaml: ok").contains("warning: " + insecure + ": uplink.insecure: true: batches are sent UNSIGNED");
    }
}
