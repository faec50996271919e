package org.ecogate.agent.it;

import org.ecogate.sync.testkit.Await;
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
 * Issue 16, install on a box: {@code DESTDIR=<temp> ./install service} lays out a fresh box (config from the template,
 * key, state directory, launcher, units that the documented {@code systemd-analyze verify} command accepts); a second
 * run over it upgrades the program and keeps config, key and buffer; the installed launcher then runs the agent on a
 * buffer written by an older release (the schema-1 fixture) and talks sd_notify (READY, WATCHDOG, STOPPING) to a
 * socket from its own process. Issue 23: the staging root gets no account database and no numeric owner; the user
 * and the ownership by name appear when the setup unit's own commands run on the target.
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
                .contains("generated HMAC key").doesNotContain("\u001b[").doesNotContain("owner-only");
        // a staging root holds no account database of the build machine and no file owned by one of its numbers
        for (String db : List.of("passwd", "group", "shadow", "gshadow")) assertThat(root.resolve("etc/" + db)).doesNotExist();
        try (var all = Files.walk(root)) {
            for (Path p : all.toList()) {
                assertThat(Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("owner of %s", p).isEqualTo(0);
                assertThat(Files.getAttribute(p, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS)).as("group of %s", p).isEqualTo(0);
            }
        }
        Path cfg = root.resolve("etc/ecogate/ecogate.yaml");
        Path key = root.resolve("etc/ecogate/hmac.key");
        // the installer's words match the modes it sets
        assertThat(fresh.out()).contains("ecogate.yaml and hmac.key root:ecogate 0640").contains("/etc/ecogate root:ecogate 0750");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cfg))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("etc/ecogate")))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(key).trim()).matches("[0-9a-f]{64}");
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/ecogate")).toString()).isEqualTo("../lib/ecogate/ecogate");

        // the units: Documentation= names installed files; systemd's own check, exactly as the installer and BOX.md print it
        String unit = Files.readString(root.resolve("lib/systemd/system/ecogate.service"));
        assertThat(unit).contains("Type=notify", "NotifyAccess=main", "WatchdogSec=", "Restart=on-failure", "ProtectSystem=strict",
                "NoNewPrivileges=yes", "User=ecogate", "StateDirectory=ecogate", "Requires=ecogate-setup.service");
        java.util.regex.Matcher doc = java.util.regex.Pattern.compile("(?m)^Documentation=(.+)$").matcher(unit);
        assertThat(doc.find()).isTrue();
        for (String d : doc.group(1).trim().split("\\s+")) {
            assertThat(d).startsWith("file:/");
            assertThat(root.resolve(d.substring("file:/".length()))).as(d).isRegularFile();
        }
        String verifyLine = fresh.out().lines().filter(l -> l.startsWith("install: check the units: ")).findFirst().orElseThrow();
        List<String> verifyCmd = List.of(verifyLine.substring("install: check the units: ".length()).split(" "));
        assertThat(verifyCmd).startsWith("systemd-analyze", "verify");
        Run verify = run(Map.of(), tmp, verifyCmd.toArray(String[]::new));
        assertThat(verify.out()).as("systemd-analyze verify prints nothing for a clean unit").isEmpty();
        assertThat(verify.code()).isZero();
        Run verifySetup = run(Map.of(), tmp, "systemd-analyze", "verify", root.resolve("lib/systemd/system/ecogate-setup.service").toString());
        assertThat(verifySetup.out()).isEmpty();
        assertThat(verifySetup.code()).isZero();

        // first start on the box (a Debian base: dialout is GID 20): the setup unit's own commands, rooted at the tree
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\ndialout:x:20:\n");
        for (String exec : Files.readString(root.resolve("lib/systemd/system/ecogate-setup.service")).lines()
                .filter(l -> l.startsWith("ExecStart=")).toList()) {
            List<String> c = new ArrayList<>(List.of(exec.substring("ExecStart=".length()).split(" ")));
            for (int i = 1; i < c.size(); i++) if (c.get(i).startsWith("/")) c.set(i, root + c.get(i)); // its config file, in the tree
            c.add(1, "--root=" + root);
            Run r = run(Map.of(), tmp, c.toArray(String[]::new));
            assertThat(r.code()).as(c + ": " + r.out()).isZero();
        }
        String passwd = Files.readString(root.resolve("etc/passwd"));
        assertThat(passwd).containsPattern("(?m)^ecogate:x:\\d+:\\d+:ecogate gateway agent:/var/lib/ecogate:/usr/sbin/nologin$");
        assertThat(Files.readString(root.resolve("etc/group"))).containsPattern("(?m)^dialout:x:20:ecogate$");
        String[] user = passwd.lines().filter(l -> l.startsWith("ecogate:")).findFirst().orElseThrow().split(":");
        assertThat(Files.getAttribute(root.resolve("var/lib/ecogate"), "unix:uid")).isEqualTo(Integer.parseInt(user[2]));
        assertThat(Files.getAttribute(key, "unix:uid")).isEqualTo(0);
        assertThat(Files.getAttribute(key, "unix:gid")).isEqualTo(Integer.parseInt(user[3]));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-r-----");

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
            assertThat(agent.children().map(c -> c.info().command().orElse("?")).toList())
                    .as("the agent notifies systemd from its own process (NotifyAccess=main), no helper child").isEmpty();
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
        Await.until("'" + text + "' in " + f, java.time.Duration.ofMillis(ms), () -> Files.exists(f) && Files.readString(f).contains(text));
    }
}
