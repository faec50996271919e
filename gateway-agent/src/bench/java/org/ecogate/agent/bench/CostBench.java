package org.ecogate.agent.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.runtime.GatewayKey;
import org.ecogate.sim.plant.Plant;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.platform.SqliteSink;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.internal.transport.MqttCallback;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttConnectOptions;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 21 benchmark (a program, not a test): what a box pays per reading. Runs the real launcher ({@code bin/ecogate run})
 * against the simulated plant and platform, behind a counting link emulator, and prints per reading the disk bytes the
 * agent process wrote ({@code /proc/PID/io} write_bytes), the whole connection's bytes both ways, RSS and CPU; in the
 * same window the raw SQLite floor (a minimal sqlite-jdbc loop appending the same number of rows, one transaction per
 * second, WAL, the agent's page size; at synchronous=NORMAL and, as the durable floor, at FULL) and the wire floor
 * (payload of the readings batches alone). Not thread-safe.
 * Trap: write_bytes counts pages when they are dirtied, so the floor runs in its own thread and reads /proc/thread-self/io.
 * Args: [measured seconds per load, default 30] [--rates=14,1000 (14 = the example plant; N = 10 devices x 100
 * points every 1,000,000/N ms, TLS)] ; {@code -Dbench.launcher=../bin/ecogate}, {@code -Dbench.syncEvery=30s}. How to run: docs/PERFORMANCE.md.
 */
public final class CostBench {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final long DAY = 86_400;
    /** {@code -Dbench.syncEvery=30s}: buffer.syncEvery of the agent (default: the config default, 1s). */
    private static final String SYNC_EVERY = System.getProperty("bench.syncEvery");

    private CostBench() {}

    /** What one load cost over the measured window. */
    record Cost(double seconds, long readings, long diskBytes, long up, long down, long readingsPayload, long rssKb,
                long maxRssKb, long anonKb, long fileKb, double cpuPct, int threads, long floorBytes, long floorRows, int pageSize,
                long durableBytes, long durableRows, MemFloor memFloor) {
        double perReading(long bytes) {
            return readings == 0 ? Double.NaN : (double) bytes / readings;
        }

        double rate() {
            return readings / seconds;
        }

        Cost withMemFloor(MemFloor f) {
            return new Cost(seconds, readings, diskBytes, up, down, readingsPayload, rssKb, maxRssKb, anonKb, fileKb, cpuPct, threads,
                    floorBytes, floorRows, pageSize, durableBytes, durableRows, f);
        }
    }

    /** What {@link MemoryFloor} held through the same launcher at the same load (null where not measured). */
    record MemFloor(long maxRssKb, long anonKb, long fileKb) {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 30;
        List<Integer> rates = new ArrayList<>(List.of(14, 1000));
        for (String a : args) {
            if (a.startsWith("--rates=")) {
                rates.clear();
                for (String r : a.substring(8).split(",")) rates.add(Integer.parseInt(r.trim()));
            }
        }
        Path launcher = Path.of(System.getProperty("bench.launcher", "../bin/ecogate")).toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) throw new IllegalStateException(launcher + ": no launcher (run ./install)");
        Path dir = Files.createTempDirectory(Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))), "ecogate-cost");
        // mosquitto may run as its own user: it must reach the certificates under this directory
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        System.out.printf(Locale.ROOT, "%s run (default launcher profile, buffer.syncEvery %s), %d s warm-up + %d s measured per load; load average %s; files in %s%n",
                launcher, SYNC_EVERY == null ? "default" : SYNC_EVERY, Math.max(40, seconds / 2), seconds, loadAverage(), dir);
        List<String> verdicts = new ArrayList<>();
        for (int rate : rates) {
            Cost c = run(launcher, dir.resolve("load-" + rate), rate, seconds);
            print(rate, c, verdicts);
        }
        System.out.println("load average at the end: " + loadAverage());
        verdicts.forEach(System.out::println);
    }

    private static void print(int rate, Cost c, List<String> verdicts) {
        boolean plant = rate == 14;
        double flash = c.perReading(c.diskBytes);
        double floor = c.floorRows == 0 ? Double.NaN : (double) c.floorBytes / c.floorRows;
        double wire = c.perReading(c.up + c.down);
        double durable = c.durableRows == 0 ? Double.NaN : (double) c.durableBytes / c.durableRows;
        System.out.printf(Locale.ROOT, "%s: %,d readings in %.1f s (%,.1f/s), %d threads%n", label(rate), c.readings, c.seconds, c.rate(), c.threads);
        System.out.printf(Locale.ROOT, "  flash: agent %,.1f B/reading (write_bytes %,d); raw SQLite floor %,.1f B/row (%,d rows, 1 tx/s, WAL, "
                + "synchronous=NORMAL, page %d: write_bytes %,d); ratio %.2f%n", flash, c.diskBytes, floor, c.floorRows, c.pageSize, c.floorBytes, flash / floor);
        System.out.printf(Locale.ROOT, "  flash: durable floor %,.1f B/row (the same loop at synchronous=FULL, an fsync a second: %,d rows, "
                + "write_bytes %,d); ratio %.2f%n", durable, c.durableRows, c.durableBytes, flash / durable);
        System.out.printf(Locale.ROOT, "  wire: whole connection %.2f B/reading (up %.2f, down %.2f); floor (readings batches' payload) %.2f B/reading%n",
                wire, c.perReading(c.up), c.perReading(c.down), c.perReading(c.readingsPayload));
        System.out.printf(Locale.ROOT, "  memory: RSS %,d kB at the end (anon %,d, file %,d), max %,d kB; CPU %.1f%% of one core%n",
                c.rssKb, c.anonKb, c.fileKb, c.maxRssKb, c.cpuPct);
        if (c.memFloor != null) {
            System.out.printf(Locale.ROOT, "  memory floor: the same launcher running MemoryFloor (the JVM, ecogate's MQTT client over TLS to the same broker, "
                    + "HMAC signing, Jackson YAML + JSON, sqlite-jdbc appending %,d rows/s; no agent logic): max RSS %,d kB (anon %,d, file %,d); "
                    + "the agent holds %,d kB more%n", rate, c.memFloor.maxRssKb, c.memFloor.anonKb, c.memFloor.fileKb, c.maxRssKb - c.memFloor.maxRssKb);
        }
        double perDay = c.rate() * DAY;
        System.out.printf(Locale.ROOT, "  per day at %.1f readings/s: flash %.3f GB/day (floor %.3f), 4G %.1f MB/month (floor %.1f)%n",
                c.rate(), flash * perDay / 1e9, floor * perDay / 1e9, wire * perDay * 30 / 1e6, c.perReading(c.readingsPayload) * perDay * 30 / 1e6);
        if (plant) {
            verdicts.add(verdict(flash <= 200, String.format(Locale.ROOT, "example plant flash %.1f B/reading <= 200 (moonshot 100: %s)", flash, flash <= 100 ? "met" : "not met")));
            verdicts.add(verdict(flash <= 1.5 * floor, String.format(Locale.ROOT, "example plant flash %.1f B/reading <= 1.5 x raw SQLite floor %.1f", flash, floor)));
        }
        if (rate == 2000) verdicts.add(verdict(flash <= 24, String.format(Locale.ROOT, "2,000 readings/s flash %.1f B/reading <= 24", flash)));
        if (rate == 1000) {
            verdicts.add(verdict(c.maxRssKb <= 64 * 1024, String.format(Locale.ROOT, "1,000 points/s (TLS, signing, detection) max RSS %,d kB <= 65,536 (moonshot 49,152: %s)",
                    c.maxRssKb, c.maxRssKb <= 48 * 1024 ? "met" : "not met")));
        }
    }

    private static String verdict(boolean pass, String what) {
        return (pass ? "PASS  " : "SHORT ") + what;
    }

    private static String label(int rate) {
        return rate == 14 ? "example plant (gateway-agent/config/ecogate.yaml, 4 devices, 14 points/s, plain MQTT, signed, detection)"
                : String.format(Locale.ROOT, "%,d points/s (10 devices x 100 points / %d ms, TLS, signed, detection)", rate, 1_000_000 / rate);
    }

    static Cost run(Path launcher, Path dir, int rate, int seconds) throws Exception {
        Files.createDirectories(dir);
        boolean tls = rate != 14;
        Path certs = Files.createDirectories(dir.resolve("tls"));
        if (tls) BufferBench.certificates(certs);
        String key = GatewayKey.generate();
        int plainPort = freePort(); // a second, plain listener: the platform and the payload counter, not through the link
        String listener = (tls ? "cafile " + certs.resolve("ca.pem") + "\ncertfile " + certs.resolve("srv.pem") + "\nkeyfile "
                + certs.resolve("srv.key") + "\n" : "") + "listener " + plainPort + " 127.0.0.1\n";
        try (MosquittoProcess broker = MosquittoProcess.start(listener);
             LinkEmulator link = new LinkEmulator(broker.port());
             Plant plant = Plant.start(rate == 14 ? examplePlant(dir) : PlantConfig.parse(syntheticPlant(), "cost-plant.yaml"));
             SqliteSink sink = new SqliteSink(dir.resolve("platform.db"));
             PayloadCounter payload = new PayloadCounter("tcp://127.0.0.1:" + plainPort)) {
            Path cfg = dir.resolve("agent.yaml");
            String url = (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + link.port();
            String gateway;
            if (rate == 14) {
                gateway = exampleConfig(cfg, plant, url, key);
            } else {
                gateway = "bench";
                String yaml = BufferBench.agentYaml(url, certs.resolve("ca.pem"), key, true, 10, 100, 1_000_000 / rate, plant).toString();
                Files.writeString(cfg, SYNC_EVERY == null ? yaml : yaml.replace("buffer: {path: agent.db}", "buffer: {path: agent.db, syncEvery: " + SYNC_EVERY + "}"));
            }
            try (SyncReceiver receiver = new SyncReceiver(ReceiverConfig.builder("tcp://127.0.0.1:" + plainPort).clientId("cost-platform")
                    .keys(Map.of(gateway, key.getBytes(StandardCharsets.UTF_8))).build(), sink)) {
                receiver.start();
                ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--config", cfg.toString())
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
                pb.environment().remove("ECOGATE_JAVA_OPTS"); // the default profile
                Process agent = pb.start();
                Cost c;
                try {
                    c = measure(agent, dir.resolve("agent.db"), link, payload, Math.max(40, seconds / 2), seconds, rate);
                } finally {
                    agent.destroy();
                    if (!agent.waitFor(60, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
                }
                return rate == 1000 ? c.withMemFloor(memoryFloor(launcher, dir, cfg, rate)) : c;
            }
        }
    }

    /**
     * Runs {@link MemoryFloor} through {@code launcher} (its java command swapped by {@code ECOGATE_JAVA} for a script
     * that keeps every JVM flag and replaces {@code -jar <agent jar>} by this class path) against the same broker: 20 s
     * warm-up, then its max RSS over 20 s.
     */
    private static MemFloor memoryFloor(Path launcher, Path dir, Path cfg, int rate) throws Exception {
        Path script = dir.resolve("floor-java");
        Files.writeString(script, """
                #!/usr/bin/env bash
                # the launcher's java command and flags, MemoryFloor instead of -jar <agent jar>
                args=()
                while (($#)); do if [[ $1 == -jar ]]; then shift 2; break; fi; args+=("$1"); shift; done
                shift 2 # run --config
                exec java "${args[@]}" -cp "$FLOOR_CP" org.ecogate.agent.bench.MemoryFloor "$@"
                """);
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--config", cfg.toString(), Integer.toString(rate), "45")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("memory-floor.log").toFile());
        pb.environment().remove("ECOGATE_JAVA_OPTS");
        pb.environment().put("ECOGATE_JAVA", script.toString());
        pb.environment().put("FLOOR_CP", java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(e -> Path.of(e).toAbsolutePath().toString()).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator)));
        Process p = pb.start();
        try {
            sleepWhileAlive(p, TimeUnit.SECONDS.toNanos(20));
            long max = 0, anon = 0, file = 0;
            for (int i = 0; i < 40 && p.isAlive(); i++) {
                long rss = BufferBench.rssKb(p.pid());
                if (rss > max) {
                    max = rss;
                    anon = BufferBench.status(p.pid(), "RssAnon:");
                    file = BufferBench.status(p.pid(), "RssFile:");
                }
                Thread.sleep(500);
            }
            if (!p.isAlive()) throw new IllegalStateException("MemoryFloor exited " + p.exitValue() + ": see " + dir.resolve("memory-floor.log"));
            return new MemFloor(max, anon, file);
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly().waitFor();
        }
    }

    private static Cost measure(Process agent, Path db, LinkEmulator link, PayloadCounter payload, int warmup, int seconds, int rate)
            throws Exception {
        long pid = agent.pid();
        sleepWhileAlive(agent, TimeUnit.SECONDS.toNanos(warmup));
        if (!agent.isAlive()) throw new IllegalStateException("agent exited " + agent.exitValue() + " during warm-up: see " + db.resolveSibling("agent.log"));
        int pageSize = (int) queryLong(db, "PRAGMA page_size");
        Floor floor = new Floor(db.resolveSibling("floor.db"), rate, pageSize, seconds, false);
        Thread ft = new Thread(floor, "sqlite-floor");
        Floor durable = new Floor(db.resolveSibling("floor-durable.db"), rate, pageSize, seconds, true);
        Thread dt = new Thread(durable, "sqlite-floor-durable");
        long io0 = writeBytes("/proc/" + pid + "/io");
        long cpu0 = BufferBench.cpuTicks(pid);
        long seq0 = lastSeq(db);
        long up0 = link.upBytes(), down0 = link.downBytes(), pay0 = payload.readings.get();
        long t0 = System.nanoTime();
        ft.start();
        dt.start();
        long maxRss = 0;
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end && agent.isAlive()) {
            maxRss = Math.max(maxRss, BufferBench.rssKb(pid));
            Thread.sleep(500);
        }
        if (!agent.isAlive()) throw new IllegalStateException("agent exited " + agent.exitValue() + ": see " + db.resolveSibling("agent.log"));
        double secs = (System.nanoTime() - t0) / 1e9;
        long io = writeBytes("/proc/" + pid + "/io") - io0;
        double cpu = (BufferBench.cpuTicks(pid) - cpu0) / 100.0 / secs * 100;
        long readings = lastSeq(db) - seq0;
        long up = link.upBytes() - up0, down = link.downBytes() - down0, pay = payload.readings.get() - pay0;
        long rss = BufferBench.rssKb(pid);
        long anon = BufferBench.status(pid, "RssAnon:"), file = BufferBench.status(pid, "RssFile:");
        int threads = (int) BufferBench.status(pid, "Threads:");
        ft.join();
        dt.join();
        return new Cost(secs, readings, io, up, down, pay, rss, Math.max(maxRss, rss), anon, file, cpu, threads, floor.bytes, floor.rows, pageSize,
                durable.bytes, durable.rows, null);
    }

    /**
     * The raw SQLite floor: a minimal sqlite-jdbc loop appending {@code rate} rows of (point, ts, value, quality) in one
     * transaction per second (WAL, synchronous=NORMAL, default checkpoint, the agent's page size) for {@code seconds};
     * {@code durable}: at synchronous=FULL (an fsync per commit, so a power cut loses at most a second, like the agent's
     * default {@code syncEvery}), the least any layout with a 1-second durable window writes.
     */
    static final class Floor implements Runnable {
        private final Path file;
        private final int rate, pageSize, seconds;
        private final boolean durable;
        volatile long bytes, rows;

        Floor(Path file, int rate, int pageSize, int seconds, boolean durable) {
            this.durable = durable;
            this.file = file;
            this.rate = rate;
            this.pageSize = pageSize;
            this.seconds = seconds;
        }

        @Override
        public void run() {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                try (Statement st = c.createStatement()) {
                    st.execute("PRAGMA page_size=" + pageSize);
                    st.execute("PRAGMA journal_mode=WAL");
                    st.execute("PRAGMA synchronous=" + (durable ? "FULL" : "NORMAL"));
                    st.execute("CREATE TABLE reading(seq INTEGER PRIMARY KEY, point_id INTEGER NOT NULL, ts INTEGER NOT NULL, "
                            + "value REAL, quality INTEGER NOT NULL)");
                }
                c.setAutoCommit(false);
                c.commit();
                long io0 = writeBytes("/proc/thread-self/io");
                long start = System.nanoTime();
                long n = 0;
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading(point_id, ts, value, quality) VALUES (?,?,?,?)")) {
                    for (int s = 1; s <= seconds; s++) {
                        long ts = System.currentTimeMillis();
                        for (int i = 0; i < rate; i++) {
                            ps.setLong(1, i % 1000);
                            ps.setLong(2, ts);
                            ps.setDouble(3, (ts % 9973) * 0.1 + i);
                            ps.setInt(4, 0);
                            ps.addBatch();
                        }
                        ps.executeBatch();
                        c.commit();
                        n += rate;
                        long wake = start + TimeUnit.SECONDS.toNanos(s);
                        while (System.nanoTime() < wake) Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
                    }
                }
                bytes = writeBytes("/proc/thread-self/io") - io0;
                rows = n;
            } catch (Exception e) {
                System.out.println("  raw SQLite floor" + (durable ? " (durable)" : "") + " failed: " + e);
            }
        }
    }

    /** Subscribes to every readings batch topic and counts the payload bytes: the wire floor. */
    static final class PayloadCounter implements AutoCloseable {
        final AtomicLong readings = new AtomicLong();
        private final MqttClient client;

        PayloadCounter(String url) throws Exception {
            client = new MqttClient(url, "cost-payload-counter");
            client.setCallback(new MqttCallback() {
                @Override
                public void connectionLost(long connectionId, Throwable cause) {
                    // the run ends with it
                }

                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    if (topic.endsWith("/batch/readings")) readings.addAndGet(m.getPayload().length);
                }
            });
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            for (int attempt = 1; ; attempt++) { // mosquitto may open its second listener a moment after the first
                try {
                    client.connect(o);
                    break;
                } catch (org.ecogate.sync.internal.transport.MqttException e) {
                    if (attempt == 50) throw e;
                    Thread.sleep(100);
                }
            }
            client.subscribe(new String[] {"ecogate/+/+/batch/readings"}, new int[] {0});
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static PlantConfig examplePlant(Path dir) throws Exception {
        Path f = dir.resolve("plant.yaml");
        try (InputStream in = Plant.class.getResourceAsStream("/demo/plant.yaml")) {
            if (in == null) throw new IllegalStateException("the simulator's /demo/plant.yaml is not on the class path");
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return PlantConfig.load(f);
    }

    private static String syntheticPlant() {
        StringBuilder plant = new StringBuilder("host: 127.0.0.1\ndevices:\n");
        for (int d = 0; d < 10; d++) plant.append("  - {id: d").append(d).append(", type: fan, port: 0}\n");
        return plant.toString();
    }

    /** The example config (gateway-agent/config/ecogate.yaml) with the plant's ports, this broker and the key filled in. */
    private static String exampleConfig(Path target, Plant plant, String url, String key) throws Exception {
        Path example = Path.of(System.getProperty("bench.example", "config/ecogate.yaml"));
        ObjectNode cfg = (ObjectNode) YAML.readTree(example.toFile());
        ObjectNode up = cfg.with("uplink");
        up.put("broker", url);
        up.remove(List.of("keyFile", "insecure"));
        up.put("key", key);
        cfg.with("buffer").put("path", "agent.db");
        if (SYNC_EVERY != null) cfg.with("buffer").put("syncEvery", SYNC_EVERY);
        for (JsonNode d : cfg.path("devices")) {
            ((ObjectNode) d).put("host", "127.0.0.1");
            ((ObjectNode) d).put("port", plant.port(d.path("id").asText()));
        }
        YAML.writeValue(target.toFile(), cfg);
        return cfg.path("gateway").asText();
    }

    private static void sleepWhileAlive(Process p, long nanos) throws InterruptedException {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end && p.isAlive()) Thread.sleep(200);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static long writeBytes(String ioFile) throws Exception {
        for (String line : Files.readAllLines(Path.of(ioFile))) {
            if (line.startsWith("write_bytes:")) return Long.parseLong(line.substring(12).trim());
        }
        throw new IllegalStateException(ioFile + ": no write_bytes");
    }

    /** Last reading seq the agent committed (read-only, short: a reader must not hold back the agent's checkpoints). */
    private static long lastSeq(Path db) {
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        try (Connection c = ro.createConnection("jdbc:sqlite:" + db)) {
            return org.ecogate.agent.buffer.BufferTesting.readingSeqs(c)[1];
        } catch (Exception e) {
            return 0;
        }
    }

    private static long queryLong(Path db, String sql) throws Exception {
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        try (Connection c = ro.createConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static String loadAverage() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }
}
