package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, secrets: the MQTT password from the environment (${NAME}) and the HMAC key from a file reach the agent,
 * and neither appears in anything it prints: config validate (text and JSON), config defaults, the debug log with a
 * rotated log file, status --json, the status file.
 */
class SecretsIT {
    private static final String PASSWORD = "mqtt-" + Long.toHexString(System.nanoTime()) + "-secret";
    private static final String KEY = "k3y-" + Long.toHexString(System.nanoTime()) + "-0123456789abcdef";

    @TempDir
    Path dir;

    private Process cli(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Rig.javaBin(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "org.ecogate.agent.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("ECOGATE_IT_MQTT_PASSWORD", PASSWORD);
        return pb.start();
    }

    @Test
    void secretsFromEnvironmentAndFilesAreNeverPrinted() throws Exception {
        Files.writeString(dir.resolve("hmac.key"), KEY + "\n");
        Path cfg = Files.writeString(dir.resolve("agent.yaml"), """
                gateway: gw-secrets
                buffer: {path: agent.db}
                uplink:
                  broker: tcp://127.0.0.1:1
                  username: gw-secrets
                  password: ${ECOGATE_IT_MQTT_PASSWORD}
                  keyFile: hmac.key
                  drainOnStop: 0s
                log: {level: debug, file: logs/agent.log, maxFileSize: 64KB, keep: 2}
                web: {port: 0}
                devices:
                  - {id: fan1, host: 127.0.0.1, port: 1, interval: 200ms, timeout: 100ms, points: [{name: freq, address: 0}]}
                """);
        List<Path> outputs = new ArrayList<>();
        for (String[] args : new String[][] {{"config", "validate", "-c", cfg.toString()}, {"config", "validate", "--json", "-c", cfg.toString()},
                {"config", "defaults"}}) {
            Path out = dir.resolve("out-" + outputs.size() + ".txt");
            Process p = cli(out, args);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(out)).isZero();
            outputs.add(out);
        }
        Path runLog = dir.resolve("run.txt");
        Process agent = cli(runLog, "run", "-c", cfg.toString());
        try {
            Path statusFile = dir.resolve("agent.db.status.json");
            long deadline = System.currentTimeMillis() + 30_000;
            while (!Files.exists(statusFile) && System.currentTimeMillis() < deadline) Thread.sleep(100);
            Thread.sleep(2000); // reconnect attempts and comm faults at debug level
            Path status = dir.resolve("status.txt");
            Process s = cli(status, "status", "--json", "-c", cfg.toString());
            assertThat(s.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(status)).contains("\"gateway\" : \"gw-secrets\"");
            outputs.addAll(List.of(status, statusFile));
        } finally {
            agent.destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
        }
        outputs.add(runLog);
        outputs.add(dir.resolve("logs/agent.log"));
        assertThat(Files.readString(dir.resolve("logs/agent.log"))).contains("DEBUG", "unreachable");
        for (Path f : outputs) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain(PASSWORD).doesNotContain(KEY);
        }
    }
}
