package org.ecogate.agent.it;

import org.ecogate.sync.testkit.Await;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.sync.GatewayStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, the platform's config on an installed box: the installed launcher runs as user {@code ecogate} in a mount
 * namespace where the config directory is a read-only bind mount (as {@code ProtectSystem=strict} makes {@code /etc}),
 * against a real mosquitto, the platform's receiver and simulated devices. A push is applied, kept as the overlay in
 * the state directory and survives a restart; a bad push is rolled back; SIGHUP of an edited config file while the
 * overlay exists follows the documented precedence (the overlay's sections win, the file's other sections apply).
 */
class InstalledOverlayIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aPushIsKeptInTheStateDirectoryUnderAReadOnlyConfigDirectory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "needs root (user, mount namespace)");
        ensureUser();
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path etc = Files.createDirectories(tmp.resolve("etc/ecogate"));
        Path state = Files.createDirectories(tmp.resolve("var/lib/ecogate"));
        Path lib = Files.createDirectories(tmp.resolve("usr/lib/ecogate"));
        Files.copy(Path.of("src/main/dist/ecogate.sh"), lib.resolve("ecogate"));
        Files.setPosixFilePermissions(lib.resolve("ecogate"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(Path.of("target/ecogate-all.jar"), lib.resolve("ecogate-all.jar"), StandardCopyOption.REPLACE_EXISTING);
        sh("chown", "ecogate:ecogate", state.toString());
        sh("chmod", "0750", state.toString());
        try (Rig rig = new Rig(tmp, Rig.PLANT)) {
            Map<String, String> results = new ConcurrentHashMap<>();
            rig.receiver.onStatus(s -> {
                if (s.kind().equals(GatewayStatus.RESULT)) results.put(s.command(), s.detail());
            });
            String web = "web:\n  enabled: false\n";
            String full = Files.readString(rig.agentConfig("")).replace("path: agent.db", "path: " + state.resolve("buffer.db")) + web;
            String fanOnly = full.replaceAll("(?s)  - id: line1\n.*$", "") + web;
            Path cfg = etc.resolve("ecogate.yaml");
            Files.writeString(cfg, fanOnly);
            sh("chown", "-R", "root:ecogate", etc.toString());
            sh("chmod", "0640", cfg.toString());
            sh("chmod", "0750", etc.toString());
            Path overlay = state.resolve("ecogate.overlay.yaml");

            Process agent = start(lib, etc, cfg, "agent-1.log");
            try {
                awaitLog("agent-1.log", "uplink: connected to", 30_000); // not a device's "fan1: connected": a push before the uplink subscribed is lost
                // as on a box: the service's user, and its config directory read-only (its own mount namespace)
                String uid = new String(new ProcessBuilder("id", "-u", "ecogate").start().getInputStream().readAllBytes()).trim();
                assertThat(Files.readString(Path.of("/proc/" + agent.pid() + "/status"))).containsPattern("(?m)^Uid:\\s+" + uid + "\\s");
                assertThat(Files.readAllLines(Path.of("/proc/" + agent.pid() + "/mountinfo")))
                        .anyMatch(l -> l.contains(" " + etc + " ") && l.matches(".* ro[, ].*"));

                // push: applied, kept as the overlay in the state directory (owner-only), the file untouched
                String a = rig.receiver.pushConfig(Rig.GATEWAY, full);
                assertThat(await(results, a)).startsWith("applied: devices added line1").contains("kept as the overlay " + overlay);
                assertThat(Files.readString(cfg)).isEqualTo(fanOnly);
                assertThat(Files.readString(overlay)).startsWith("devices:").contains("id: line1");
                assertThat(Files.getOwner(overlay).getName()).isEqualTo("ecogate");
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(overlay))).isEqualTo("rw-------");
                assertThat(Rig.stop(agent)).isIn(0, 143);

                // restart: the overlay lies on top of the file again
                agent = start(lib, etc, cfg, "agent-2.log");
                awaitLog("agent-2.log", "agent " + Rig.GATEWAY + " running: 2 devices", 30_000);
                assertThat(log("agent-2.log")).contains("the platform's overlay " + overlay + " replaces the sections devices of " + cfg);
                awaitDevice(state, "line1", "online");
                String kept = Files.readString(overlay);

                // a bad push (line1 where nothing answers): rolled back, the overlay unchanged
                int dead;
                try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    dead = s.getLocalPort();
                }
                String b = rig.receiver.pushConfig(Rig.GATEWAY, full.replace("port: " + rig.plant.port("line1"), "port: " + dead));
                assertThat(await(results, b)).startsWith("rolled back: devices line1 stopped answering");
                assertThat(Files.readString(overlay)).isEqualTo(kept);
                awaitDevice(state, "line1", "online");

                // the admin edits the file: fan1's timeout (a section the overlay holds) and the page (one it does
                // not); SIGHUP: the overlay's devices still run unchanged, the file's page starts
                Files.writeString(cfg, fanOnly.replaceFirst("    timeout: 300ms\n", "    timeout: 400ms\n").replace(web, "web:\n  port: 0\n"));
                hup(agent);
                awaitLog("agent-2.log", "config reload applied: devices added none; removed none; changed none", 15_000);
                assertThat(log("agent-2.log")).contains("re-read with the platform's overlay " + overlay + " on top: its sections devices replace the file's");
                awaitLog("agent-2.log", "web: local page http://127.0.0.1:", 10_000);
                assertThat(status(state).path("devices").size()).isEqualTo(2);
                assertThat(Rig.stop(agent)).isIn(0, 143);
            } finally {
                agent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The installed launcher as user ecogate, in a new mount namespace where {@code etc} is read-only. */
    private Process start(Path lib, Path etc, Path cfg, String logName) throws IOException {
        String script = "mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && shift && "
                + "exec setpriv --reuid=ecogate --regid=ecogate --init-groups \"$@\"";
        List<String> cmd = new ArrayList<>(List.of("unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh",
                etc.toString(), lib.resolve("ecogate").toString(), "run", "--config", cfg.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(logName).toFile());
        pb.environment().put("PATH", Path.of(Rig.javaBin()).getParent() + ":/usr/sbin:/usr/bin:/sbin:/bin");
        return pb.start();
    }

    private static void ensureUser() throws Exception {
        if (new ProcessBuilder("id", "ecogate").start().waitFor() == 0) return;
        sh("useradd", "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", "ecogate");
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static void hup(Process p) throws Exception {
        sh("kill", "-HUP", Long.toString(p.pid()));
    }

    private String log(String name) throws IOException {
        Path f = tmp.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private void awaitLog(String name, String text, long ms) throws Exception {
        long deadline = System.currentTimeMillis() + ms;
        while (!log(name).contains(text)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no '" + text + "' in " + name + " within " + ms + " ms:\n" + log(name));
            Thread.sleep(50);
        }
    }

    private static JsonNode status(Path state) throws Exception {
        return JSON.readTree(state.resolve("buffer.db.status.json").toFile());
    }

    private static void awaitDevice(Path state, String device, String want) throws Exception {
        Path f = state.resolve("buffer.db.status.json");
        Await.until("device " + device + " " + want, java.time.Duration.ofSeconds(15),
                () -> Files.exists(f) && status(state).path("devices").path(device).asText().equals(want));
    }

    private static String await(Map<String, String> results, String id) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!results.containsKey(id)) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("no result for command " + id + " within 30 s");
            Thread.sleep(50);
        }
        return results.get(id);
    }
}
