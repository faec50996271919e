package org.ecogate.platform;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL (Debian's {@code postgresql} package) for tests and benchmarks: initdb in a temporary
 * directory, a free loopback port, trust authentication for user {@code ecogate}. initdb refuses root, so as root
 * every server command runs as the {@code postgres} user. {@link #close()} stops it (immediate) and removes the
 * directory, also from a shutdown hook. Not thread-safe.
 */
public final class PgProcess implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Thread hook;

    private PgProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
        this.hook = new Thread(this::stopQuietly, "pg-stop");
    }

    private String settings = "";

    public static PgProcess start() throws IOException, InterruptedException {
        return start("shared_buffers=64MB");
    }

    /** With server settings {@code name=value} (e.g. the benchmark's bulk-loading tuning). */
    public static PgProcess start(String... settings) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("ecogate-pg");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        PgProcess p = new PgProcess(dir, port);
        p.settings = settings.length == 0 ? "" : " -c " + String.join(" -c ", settings);
        Runtime.getRuntime().addShutdownHook(p.hook);
        try {
            if (isRoot()) run(List.of("chown", "postgres:postgres", dir.toString()));
            p.pg("initdb", "-D", dir.resolve("data").toString(), "-U", "ecogate", "-A", "trust", "-E", "UTF8", "--no-sync");
            p.startServer();
            p.pg("createdb", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "ecogate", "ecogate");
        } catch (IOException | RuntimeException e) {
            p.close();
            throw e;
        }
        return p;
    }

    /** {@code postgresql://ecogate@127.0.0.1:port/ecogate}. */
    /** The server's settings beyond the defaults, as given to {@link #start(String...)}. */
    public String settings() {
        return settings;
    }

    public String url() {
        return "postgresql://ecogate@127.0.0.1:" + port + "/ecogate";
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/ecogate?user=ecogate";
    }

    public int port() {
        return port;
    }

    private void startServer() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200" + settings,
                "start");
    }

    /** Stops the server (fast: clients disconnected, committed data kept) and starts it again on the same port. */
    public void restart() throws IOException, InterruptedException {
        pg("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-m", "fast", "stop");
        startServer();
    }

    /** Runs psql with {@code sql} and returns its unaligned, tuples-only output. */
    public String psql(String sql) throws IOException, InterruptedException {
        return pg("psql", "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "ecogate", "-d", "ecogate", "-X", "-A", "-t",
                "-v", "ON_ERROR_STOP=1", "-c", sql).trim();
    }

    private String pg(String tool, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        if (isRoot()) cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
        cmd.add(bin(tool));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(Path.of("/tmp").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + ": timed out");
        }
        if (p.exitValue() != 0) throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out.trim());
        return out;
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The server binaries: /usr/lib/postgresql/&lt;newest version&gt;/bin. */
    static String bin(String tool) throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) throw new IOException("PostgreSQL server not installed (/usr/lib/postgresql missing): run ./install");
        try (Stream<Path> vs = Files.list(base)) {
            Path v = vs.filter(p -> Files.isExecutable(p.resolve("bin/" + tool)))
                    .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IOException("no " + tool + " under " + base));
            return v.resolve("bin/" + tool).toString();
        }
    }

    private void stopQuietly() {
        try {
            if (Files.exists(dir.resolve("data/postmaster.pid"))) {
                pg("pg_ctl", "-D", dir.resolve("data").toString(), "-w", "-m", "immediate", "stop");
            }
        } catch (IOException | InterruptedException e) {
            // best effort; below we remove the directory anyway
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // gone already
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
    }
}
