package org.ecogate.sync.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private mosquitto broker on a free loopback port, for tests and the demo. {@link #kill()} SIGKILLs it to
 * inject a broker outage; {@link #restart()} brings it back on the same port. {@link #close()} always kills it
 * and removes its directory. Not thread-safe.
 */
public final class MosquittoProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;

    private MosquittoProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** Starts a broker on a free port of 127.0.0.1 and waits until it accepts connections. */
    public static MosquittoProcess start() throws IOException {
        return start("");
    }

    /**
     * Starts a broker whose listener gets {@code listenerConfig} (mosquitto.conf lines, e.g. {@code cafile},
     * {@code certfile}, {@code keyfile} for TLS, {@code acl_file}) after its {@code listener} line.
     */
    public static MosquittoProcess start(String listenerConfig) throws IOException {
        Path dir = Files.createTempDirectory("ecogate-mosquitto");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\n" + listenerConfig
                + (listenerConfig.isEmpty() || listenerConfig.endsWith("\n") ? "" : "\n")
                + (listenerConfig.contains("allow_anonymous") ? "" : "allow_anonymous true\n")
                + "persistence false\nmax_inflight_messages 0\nmax_queued_messages 100000\n"
                + "log_dest file " + dir.resolve("mosquitto.log") + "\n");
        MosquittoProcess m = new MosquittoProcess(dir, port);
        m.launch();
        return m;
    }

    public static String executable() {
        for (String p : new String[] {"/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/bin/mosquitto"}) {
            if (Files.isExecutable(Path.of(p))) return p;
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(":")) {
                Path p = Path.of(d, "mosquitto");
                if (Files.isExecutable(p)) return p.toString();
            }
        }
        throw new IllegalStateException("mosquitto not found (install it: apt-get install -y mosquitto, or run ./install)");
    }

    private void launch() throws IOException {
        process = new ProcessBuilder(executable(), "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + " on port " + port + ": "
                        + Files.readString(dir.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting mosquitto", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("mosquitto did not accept connections on port " + port + " within 10 s");
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** SIGKILLs the broker (an outage); clients see their connection drop. */
    public void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Starts the broker again on the same port (after {@link #kill()}). */
    public void restart() throws IOException {
        kill();
        IOException last = null;
        for (int i = 0; i < 20; i++) {
            try {
                launch();
                return;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
