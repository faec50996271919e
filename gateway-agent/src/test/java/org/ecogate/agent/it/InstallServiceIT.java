package org.ecogate.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16, install on a box: {@code DESTDIR=<temp> ./install service} lays out a fresh box (user, config from the
 * template, key, state directory, launcher, unit that {@code systemd-analyze verify} accepts); a second run over it
 * upgrades the program and keeps config, key and buffer; the installed launcher then runs the agent on a buffer
 * written by an older release (the schema-1 fixture) and talks sd_notify (READY, WATCHDOG, STOPPING) to a socket.
 */
class InstallServiceIT {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Run(int code, String out) {}

    private static Run run(Map<String, String> env, Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(dir.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) p.destroyForcibly();
        return new Run(p.exitValue(), out);
    }

    private Run install(Path root) throws Exception {
        return run(Map.of("DESTDIR", root.toString(), "ECOGATE_PREBUILT", "1", "ECOGATE_GATEWAY", "box-it"), REPO,
                "bash", REPO.resolve("install").toString(), "service");
    }

    @Test
    void freshInstallThenUpgradeKeepsConfigKeyAndBuffer() throws Exception {
        Path root = tmp.resolve("root");
        Run fresh = install(root);
        assertThat(fresh.code()).as(fresh.out()).isZero();
        assertThat(fresh.out()).contains("wrote " + root + "/etc/ecogate/ecogate.yaml (template box, gateway box-it)")
                .contains("generated HMAC key").doesNotContain("\u001b[");
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertThat(passwd).containsPattern("(?m)^ecogate:x:\\d+:\\d+:ecogate gateway agent:/var/lib/ecogate:/usr/sbin/nologin$");
        Path cfg = root.resolve("etc/ecogate/ecogate.yaml");
        Path key = root.resolve("etc/ecogate/hmac.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");
        assertThat(Files.readString(key).trim()).matches("[0-9a-f]{64}");
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/ecogate")).toString()).isEqualTo("../lib/ecogate/ecogate");
        assertThat(Files.getAttribute(root.resolve("var/lib/ecogate"), "unix:uid"))
                .isEqualTo(Integer.parseInt(passwd.lines().filter(l -> l.startsWith("ecogate:")).findFirst().orElseThrow().split(":")[2]));

        // the unit: systemd's own check, in a root that has the rest of a Debian system's units
        String unit = Files.readString(root.resolve("lib/systemd/system/ecogate.service"));
        assertThat(unit).contains("Type=notify", "WatchdogSec=", "Restart=on-failure", "ProtectSystem=strict",
                "NoNewPrivileges=yes", "User=ecogate", "StateDirectory=ecogate");
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("/bin/kill"), root.resolve("bin/kill"));
        try (var units = Files.list(Path.of("/lib/systemd/system"))) {
            for (Path u : units.filter(u -> u.toString().endsWith(".target") || u.toString().endsWith(".slice")).toList()) {
                if (!Files.isSymbolicLink(u)) Files.copy(u, root.resolve("lib/systemd/system").resolve(u.getFileName()));
            }
        }
        Run verify = run(Map.of(), tmp, "systemd-analyze", "verify", "--root=" + root, root.resolve("lib/systemd/system/ecogate.service").toString());
        assertThat(verify.out()).as("systemd-analyze verify prints nothing for a clean unit").isEmpty();
        assertThat(verify.code()).isZero();

        Run validate = run(Map.of(), tmp, root.resolve("usr/bin/ecogate").toString(), "config", "validate", cfg.toString());
        assertThat(validate.out()).contains("ok: gateway box-it");

        // the technician edits the config; the box has a buffer written by an older release; the program is old
        Files.writeString(cfg, Files.readString(cfg) + "# edited on site\n");
        byte[] cfgBefore = Files.readAllBytes(cfg);
        byte[] keyBefore = Files.readAllBytes(key);
        Path buffer = root.resolve("var/lib/ecogate/buffer.db");
        Files.copy(Path.of("src/test/resources/fixtures/buffer-v1.db"), buffer);
        byte[] bufferBefore = Files.readAllBytes(buffer);
        Files.writeString(root.resolve("usr/lib/ecogate/ecogate-all.jar"), "an older release");

        Run upgrade = install(root);
        assertThat(upgrade.code()).as(upgrade.out()).isZero();
        assertThat(upgrade.out()).contains("kept /etc/ecogate/ecogate.yaml (never overwritten)", "upgraded:", "(config, key and buffer kept)");
        assertThat(Files.readAllBytes(cfg)).isEqualTo(cfgBefore);
        assertThat(Files.readAllBytes(key)).isEqualTo(keyBefore);
        assertThat(Files.readAllBytes(buffer)).isEqualTo(bufferBefore);
        assertThat(Files.mismatch(root.resolve("usr/lib/ecogate/ecogate-all.jar"), Path.of("target/ecogate-all.jar"))).isEqualTo(-1);

        // the upgraded program runs on the old buffer, as systemd would start it (sd_notify to a datagram socket)
        String fixtureCfg = Files.readString(Path.of("src/test/resources/fixtures/buffer-v1.yaml"))
                .replace("path: buffer-v1.db", "path: " + buffer).replace("drainOnStop: 10s", "drainOnStop: 0s")
                .replace("  broker: tcp://127.0.0.1:1 ", "  keyFile: " + key + "\n  broker: tcp://127.0.0.1:1 "); // signed by default
        Path agentCfg = tmp.resolve("agent.yaml");
        Files.writeString(agentCfg, fixtureCfg);
        Path sock = tmp.resolve("notify.sock");
        Process receiver = new ProcessBuilder("socat", "-u", "UNIX-RECV:" + sock, "STDOUT")
                .redirectOutput(tmp.resolve("notify.txt").toFile()).redirectErrorStream(false).start();
        Process agent = null;
        try {
            for (int i = 0; i < 50 && !Files.exists(sock); i++) Thread.sleep(20);
            ProcessBuilder pb = new ProcessBuilder(root.resolve("usr/bin/ecogate").toString(), "run", "-c", agentCfg.toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("agent.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", sock.toString());
            pb.environment().put("WATCHDOG_USEC", "60000000");
            agent = pb.start();
            awaitFile(tmp.resolve("notify.txt"), "WATCHDOG=1", 30_000);
            assertThat(Files.readString(tmp.resolve("notify.txt"))).contains("READY=1", "STATUS=polling 4 devices");
            assertThat(Rig.stop(agent)).isIn(0, 143); // 143 until SIGTERM exits 0 (issue 12)
            awaitFile(tmp.resolve("notify.txt"), "STOPPING=1", 5_000);
            assertThat(Files.readString(tmp.resolve("agent.log")))
                    .contains("detector state restored: 1 open events continue (outage-tf1-1795982232791)");
        } finally {
            if (agent != null) agent.destroyForcibly();
            receiver.destroy();
        }
        Run stats = run(Map.of(), tmp, root.resolve("usr/bin/ecogate").toString(), "buffer", "stats", "-c", agentCfg.toString());
        assertThat(stats.code()).as(stats.out()).isZero();
        List<String> lines = new ArrayList<>(stats.out().lines().toList());
        assertThat(lines).anyMatch(l -> l.matches("\\s*readings\\s+(19[6-9]|[2-9]\\d\\d|\\d{4,})\\s.*"));
    }

    private static void awaitFile(Path f, String text, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (!(Files.exists(f) && Files.readString(f).contains(text))) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no '" + text + "' in " + f + " within " + ms + " ms: " + (Files.exists(f) ? Files.readString(f) : "(none)"));
            }
            Thread.sleep(50);
        }
    }
}
