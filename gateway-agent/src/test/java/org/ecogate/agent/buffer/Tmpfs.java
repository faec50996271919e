package org.ecogate.agent.buffer;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs for disk-full tests, and a ballast file that fills it. Where mounting is not permitted the test
 * FAILS with a message saying why and what to do (CI runs as root); only {@code -Decogate.diskFull=skip} skips,
 * and says so. Not thread-safe; unmount in a finally/@AfterEach.
 */
public final class Tmpfs {
    private Tmpfs() {
    }

    /** Mounts a tmpfs of {@code size} (e.g. "2m") on {@code dir} (created), or fails the test with the reason. */
    public static void mount(Path dir, String size) throws IOException, InterruptedException {
        Assumptions.assumeFalse("skip".equals(System.getProperty("ecogate.diskFull")),
                "disk-full test skipped on request (-Decogate.diskFull=skip)");
        Files.createDirectories(dir);
        String out;
        int rc;
        try {
            Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
                    .redirectErrorStream(true).start();
            rc = p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
            out = new String(p.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            rc = -1;
            out = e.getMessage();
        }
        if (rc != 0) {
            throw new AssertionError("disk-full test cannot run here: `mount -t tmpfs -o size=" + size + " tmpfs " + dir
                    + "` exited " + rc + " (" + out + "). It needs root or CAP_SYS_ADMIN (CI runs as root); "
                    + "to skip the disk-full tests explicitly, pass -Decogate.diskFull=skip");
        }
    }

    public static void unmount(Path dir) throws IOException, InterruptedException {
        new ProcessBuilder("umount", "-l", dir.toString()).redirectErrorStream(true).start().waitFor(20, TimeUnit.SECONDS);
    }

    /** Writes a ballast file into {@code dir} until the filesystem is full; returns it (delete it to free the space). */
    public static Path fill(Path dir) throws IOException {
        Path ballast = dir.resolve("ballast");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) out.write(block);
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space")) throw e;
        }
        return ballast;
    }
}
