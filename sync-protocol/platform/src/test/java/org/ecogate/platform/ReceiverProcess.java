package org.ecogate.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ReceiverMain} in its own JVM (the test's class path), so a test can SIGKILL it. {@link #close()} kills it.
 * Not thread-safe.
 */
final class ReceiverProcess implements AutoCloseable {
    private final List<String> cmd;
    private final Path log;
    private Process p;
    private int metricsPort = -1;

    ReceiverProcess(Path log, String... args) {
        this.log = log;
        cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ReceiverMain.class.getName()));
        cmd.addAll(List.of(args));
    }

    ReceiverProcess start() throws IOException, InterruptedException {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Pattern port = Pattern.compile("metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
        long end = System.nanoTime() + 90_000_000_000L; // a JVM start on a saturated machine (a 1,000-gateway run)
        while (System.nanoTime() < end) {
            Matcher m = port.matcher(Files.exists(log) ? Files.readString(log) : "");
            int found = -1;
            while (m.find()) found = Integer.parseInt(m.group(1));
            if (found > 0 && found != metricsPort) {
                metricsPort = found;
                return this;
            }
            if (!p.isAlive()) throw new IOException("receiver exited " + p.exitValue() + ": " + Files.readString(log));
            Thread.sleep(50);
        }
        throw new IOException("receiver did not start within 90 s: " + Files.readString(log));
    }

    /** The receiver JVM's process id (for its CPU time in /proc). */
    long pid() {
        return p.pid();
    }

    int metricsPort() {
        return metricsPort;
    }

    /** SIGKILL: no shutdown hook, no clean disconnect. */
    void kill() throws InterruptedException {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
