package org.ecogate.agent.bench;

import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Reading;
import org.ecogate.sim.plant.Plant;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.platform.SqliteSink;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Issue 5 benchmark (a program, not a test): (1) sustained ingest into {@link SqliteBuffer} via appendCycle with
 * 100-point cycles against a raw sqlite-jdbc batched-insert loop (same rows, 100 per transaction, same pragmas) in
 * the same run; (2) resident memory and CPU of the agent as a child JVM with the small-box profile, polling simulated
 * devices at about 1,000 and 10,000 points/s with a live uplink. How to run: docs/BUFFER.md.
 * Args: [seconds per ingest run, default 10] [seconds per agent run, default 40] [--no-agent | --agent-only]
 * [--rates=1000,10000 (agent loads in points/s, 10 devices x 100 points; default both)] [--no-detection (the agent
 * without a detection section, to attribute the detector's per-cycle cost; TLS and signing stay on)] [--no-tls (plain
 * tcp:// to the broker, batches still signed: to attribute TLS's cost)];
 * {@code -Dbench.jvm="..."} replaces the agent's JVM flags; {@code -Dbench.agentJar=target/ecogate-all.jar} runs the agent
 * from the fat jar (as {@code bin/ecogate} does, and as an AppCDS archive needs) instead of the bench's class path. The agent gets {@code MALLOC_ARENA_MAX=2} like
 * {@code bin/ecogate}, unless the environment sets it.
 */
public final class BufferBench {
    /** The small-box JVM profile (docs/BUFFER.md). */
    static final List<String> SMALL_BOX = System.getProperty("bench.jvm") != null
            ? List.of(System.getProperty("bench.jvm").trim().split("\\s+")) : List.of("-XX:+IgnoreUnrecognizedVMOptions", "-Xms8m", "-Xmx32m", "-Xmn2m", "-Xss200k", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=48m", "-XX:ReservedCodeCacheSize=3m", "-XX:CompileThresholdScaling=100", "-XX:MaxDirectMemorySize=8m",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:-UsePerfData", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=20", "-XX:TrimNativeHeapInterval=5000", "-XX:StringTableSize=4096");

    private BufferBench() {}

    /** Whether the uplink runs over TLS; {@code --no-tls} (plain tcp://, batches still signed) to attribute its cost. */
    private static boolean tlsOn = true;
    /** Whether the agent runs with detection (an equipment per device, a facility, summaries); {@code --no-detection}. */
    private static boolean detection = true;

    public static void main(String[] args) throws Exception {
        int ingestSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int agentSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        boolean agent = !List.of(args).contains("--no-agent");
        List<Integer> rates = new ArrayList<>(List.of(1000, 10000, 25000));
        for (String a : args) {
            if (a.startsWith("--rates=")) {
                rates.clear();
                for (String r : a.substring(8).split(",")) rates.add(Integer.parseInt(r.trim()));
            }
        }
        detection = !List.of(args).contains("--no-detection");
        tlsOn = !List.of(args).contains("--no-tls");
        if (List.of(args).contains("--agent-only")) {
            agentRuns(Files.createTempDirectory("ecogate-bench"), rates, agentSeconds);
            return;
        }
        Path dir = Files.createTempDirectory("ecogate-bench");
        // alternate the three runs, best of 3 each: the machine is shared, so a single run measures the neighbours
        double raw = 0;
        double buf = 0;
        double bufNoLimits = 0;
        StringBuilder samples = new StringBuilder();
        for (int round = 0; round < 3; round++) {
            double r = rawInsert(dir.resolve("raw-" + round + ".db"), ingestSeconds);
            double b = bufferInsert(dir.resolve("buffer-" + round + ".db"), ingestSeconds, BufferSettings.defaults());
            double n = bufferInsert(dir.resolve("nolimits-" + round + ".db"), ingestSeconds, BufferSettings.retainAll());
            samples.append(String.format(Locale.ROOT, "  round %d: raw %,.0f, buffer %,.0f, buffer without limits %,.0f%n", round + 1, r, b, n));
            raw = Math.max(raw, r);
            buf = Math.max(buf, b);
            bufNoLimits = Math.max(bufNoLimits, n);
        }
        System.out.printf(Locale.ROOT, "ingest, 100-reading cycles, best of 3 alternating runs of %d s:%n", ingestSeconds);
        System.out.print(samples);
        System.out.printf(Locale.ROOT, "  raw sqlite-jdbc batched insert : %,10.0f readings/s%n", raw);
        System.out.printf(Locale.ROOT, "  SqliteBuffer.appendCycle       : %,10.0f readings/s  (%.0f%% of raw)  default limits (512MB, 30d)%n", buf, 100 * buf / raw);
        System.out.printf(Locale.ROOT, "  SqliteBuffer.appendCycle       : %,10.0f readings/s  (%.0f%% of raw)  no limits%n", bufNoLimits, 100 * bufNoLimits / raw);
        System.out.printf(Locale.ROOT, "  %s: appendCycle at %.0f%% of the raw loop (goal >= 50%%)%n", buf >= 0.5 * raw ? "PASS" : "SHORT", 100 * buf / raw);
        if (agent) agentRuns(dir, rates, agentSeconds);
    }

    /**
     * One agent run per rate (points/s): devices of 100 points, at least 10 of them, at an interval of at least 100 ms
     * (1,000: 10 x 100 / 1 s; 10,000: 10 x 100 / 100 ms; 25,000: 25 x 100 / 100 ms). As a gateway runs by default:
     * batches signed, TLS to the broker (CA-verified), detection on (an equipment per device, one facility, summaries).
     */
    private static void agentRuns(Path dir, List<Integer> rates, int agentSeconds) throws Exception {
        String arena = System.getenv("MALLOC_ARENA_MAX");
        System.out.println("agent child JVM (MALLOC_ARENA_MAX=" + (arena != null ? arena : "2") + " " + String.join(" ", SMALL_BOX)
                + "), live uplink: signed batches, " + (tlsOn ? "TLS (ssl://, CA-verified), " : "NO TLS (tcp://), ")
                + (detection ? "detection (equipment per device, a facility, summaries)" : "NO detection") + "; "
                + "load average " + String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3)) + ":");
        Path tls = Files.createDirectories(dir.resolve("tls"));
        certificates(tls);
        for (int rate : rates) {
            int devices = Math.max(10, rate / 1000);
            agentRun(dir.resolve("agent-" + rate), devices, 100, devices * 100 * 1000 / rate, agentSeconds, tls);
        }
    }

    /** A CA and a server certificate for localhost (openssl), for the broker's TLS listener. */
    static void certificates(Path dir) throws Exception {
        for (String cmd : List.of(
                "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=bench-ca -keyout ca.key -out ca.pem",
                "openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout srv.key -out srv.csr",
                "openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out srv.pem")) {
            Process p = new ProcessBuilder(cmd.split(" ")).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (p.waitFor() != 0) throw new IllegalStateException(cmd + " failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        // mosquitto may run as its own user: let it read them
        for (Path d = dir; d != null && d.startsWith(dir.getParent()); d = d.getParent()) {
            Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static List<Reading> cycle(int n, long ts) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(Reading.good("dev" + (i / 10) + ".p" + (i % 10), ts, i * 0.5 + ts % 97));
        return out;
    }

    static double bufferInsert(Path file, int seconds, BufferSettings settings) throws Exception {
        try (SqliteBuffer b = SqliteBuffer.open(file, settings)) {
            long ts = 1_780_000_000_000L;
            for (int i = 0; i < 200; i++) b.appendCycle(cycle(100, ts += 1000), List.of(), null); // warm-up
            long n = 0;
            long t0 = System.nanoTime();
            long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                b.appendCycle(cycle(100, ts += 1000), List.of(), null);
                n += 100;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    static double rawInsert(Path file, int seconds) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode=WAL");
                st.execute("PRAGMA synchronous=NORMAL");
                st.execute("PRAGMA journal_size_limit=" + (4 << 20)); // the buffer's pragmas at its default quota
                st.execute("PRAGMA wal_autocheckpoint=1024");
                st.execute("CREATE TABLE reading(seq INTEGER PRIMARY KEY AUTOINCREMENT, point_id INTEGER NOT NULL, "
                        + "ts INTEGER NOT NULL, value REAL, quality INTEGER NOT NULL)");
            }
            c.setAutoCommit(false);
            long ts = 1_780_000_000_000L;
            long n = 0;
            long t0 = 0;
            long end = Long.MAX_VALUE;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO reading(point_id, ts, value, quality) VALUES (?,?,?,?)")) {
                for (int round = 0; ; round++) {
                    if (round == 200) {
                        t0 = System.nanoTime();
                        end = t0 + TimeUnit.SECONDS.toNanos(seconds);
                    }
                    if (System.nanoTime() >= end) break;
                    List<Reading> cyc = cycle(100, ts += 1000); // the same objects the buffer gets, for fairness
                    for (int i = 0; i < cyc.size(); i++) {
                        Reading r = cyc.get(i);
                        ps.setLong(1, i);
                        ps.setLong(2, r.ts());
                        ps.setDouble(3, r.value());
                        ps.setInt(4, r.quality().ordinal());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    c.commit();
                    if (round >= 200) n += 100;
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }

    /** Batches are signed, as by default. */
    private static final String BENCH_KEY = org.ecogate.agent.runtime.GatewayKey.generate();

    /** Runs the agent polling {@code devices} x {@code points} every {@code intervalMs}; prints RSS and CPU. */
    static void agentRun(Path dir, int devices, int points, int intervalMs, int seconds, Path tls) throws Exception {
        Files.createDirectories(dir);
        StringBuilder plant = new StringBuilder("host: 127.0.0.1\ndevices:\n");
        for (int d = 0; d < devices; d++) plant.append("  - {id: d").append(d).append(", type: fan, port: 0}\n");
        try (MosquittoProcess broker = MosquittoProcess.start(!tlsOn ? "" : "cafile " + tls.resolve("ca.pem") + "\ncertfile "
                + tls.resolve("srv.pem") + "\nkeyfile " + tls.resolve("srv.key") + "\n");
             Plant p = Plant.start(PlantConfig.parse(plant.toString(), "bench-plant.yaml"));
             SqliteSink sink = new SqliteSink(dir.resolve("platform.db"));
             SyncReceiver receiver = new SyncReceiver(org.ecogate.sync.ReceiverConfig.builder((tlsOn ? "ssl" : "tcp") + "://localhost:" + broker.port())
                     .clientId("bench-platform").tls(tlsOn ? new org.ecogate.sync.TlsConfig(tls.resolve("ca.pem"), null, null, true) : null)
                     .keys(java.util.Map.of("bench", BENCH_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(), sink)) {
            receiver.start();
            String url = (tlsOn ? "ssl" : "tcp") + "://localhost:" + broker.port();
            StringBuilder yaml = agentYaml(url, tlsOn ? tls.resolve("ca.pem") : null, BENCH_KEY, detection, devices, points, intervalMs, p);
            Path cfg = dir.resolve("agent.yaml");
            Files.writeString(cfg, yaml);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
            cmd.addAll(SMALL_BOX);
            String jar = System.getProperty("bench.agentJar"); // e.g. target/ecogate-all.jar: the agent as bin/ecogate runs it
            if (jar != null) cmd.addAll(List.of("-jar", jar, "run", "--config", cfg.toString()));
            else cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.ecogate.agent.cli.Main", "run", "--config", cfg.toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
            Process agent = pb.redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
            try {
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds) / 2); // warm-up
                long cpu0 = cpuTicks(agent.pid());
                long t0 = System.nanoTime();
                long rows0 = rows(dir.resolve("agent.db"));
                long maxRss = 0;
                long end = t0 + TimeUnit.SECONDS.toNanos(seconds) / 2;
                while (System.nanoTime() < end && agent.isAlive()) {
                    maxRss = Math.max(maxRss, rssKb(agent.pid()));
                    Thread.sleep(500);
                }
                double secs = (System.nanoTime() - t0) / 1e9;
                double cpu = (cpuTicks(agent.pid()) - cpu0) / 100.0 / secs * 100;
                double rate = (rows(dir.resolve("agent.db")) - rows0) / secs;
                int target = devices * points * 1000 / intervalMs;
                // an RSS figure is only the target rate's if the agent kept up with it: say so on the same line
                String kept = rate >= 0.95 * target ? "sustained" : String.format(Locale.ROOT, "NOT SUSTAINED: %.0f%% of target", 100 * rate / target);
                System.out.printf(Locale.ROOT, "  %,6d points/s target (%d devices x %d points / %d ms): %,8.0f readings/s achieved (%s), "
                                + "RSS %,d KB now (anon %,d, file %,d), max %,d KB, CPU %.0f%% of one core%n",
                        target, devices, points, intervalMs, rate, kept, rssKb(agent.pid()), status(agent.pid(), "RssAnon:"),
                        status(agent.pid(), "RssFile:"), maxRss, cpu);
                long goalKb = target <= 1000 ? 64 * 1024 : target <= 10000 ? 96 * 1024 : 0; // no memory goal beyond 10,000
                if (goalKb > 0) {
                    System.out.printf(Locale.ROOT, "  %s: max RSS %,d KB at %,d points/s (goal <= %,d KB, rate sustained)%n",
                            maxRss <= goalKb && rate >= 0.95 * target ? "PASS" : "SHORT", maxRss, target, goalKb);
                }
            } finally {
                agent.destroy();
                if (!agent.waitFor(30, TimeUnit.SECONDS)) agent.destroyForcibly();
            }
        }
    }

    /**
     * The agent config of a synthetic load: gateway {@code bench}, buffer {@code agent.db} beside the config, signed,
     * {@code devices} x {@code points} (uint16, half holding, half input) every {@code intervalMs} on the plant's devices
     * {@code d0..}; with detection: an equipment per device (running while pN.p0 above 0), one facility, summaries.
     */
    static StringBuilder agentYaml(String brokerUrl, Path caFile, String key, boolean detection, int devices, int points,
                                   int intervalMs, Plant p) {
        StringBuilder yaml = new StringBuilder("gateway: bench\nbuffer: {path: agent.db}\nuplink:\n  broker: " + brokerUrl + "\n"
                + (caFile != null ? "  caFile: " + caFile + "\n" : "") + "  key: " + key + "\n");
        if (detection) yaml.append("detection:\n  equipment:\n");
        for (int d = 0; detection && d < devices; d++) {
            yaml.append("    - {id: e").append(d).append(", rules: {running: {point: d").append(d).append(".p0, above: 0}}}\n");
        }
        if (detection) {
            yaml.append("  facilities:\n    - {id: tf1, equipment: [");
            for (int d = 0; d < devices; d++) yaml.append(d == 0 ? "" : ", ").append('e').append(d);
            yaml.append("]}\n  summaries: {minute: true, hour: true, ledger: true}\n");
        }
        yaml.append("devices:\n");
        for (int d = 0; d < devices; d++) {
            yaml.append("  - id: d").append(d).append("\n    host: 127.0.0.1\n    port: ").append(p.port("d" + d))
                    .append("\n    interval: ").append(intervalMs).append("ms\n    points:\n");
            for (int i = 0; i < points; i++) {
                yaml.append("      - {name: p").append(i).append(", address: ").append(i % 50)
                        .append(", table: ").append(i < 50 ? "holding" : "input").append(", type: uint16}\n");
            }
        }
        return yaml;
    }

    private static long rows(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return org.ecogate.agent.buffer.BufferTesting.readingSeqs(c)[1];
        } catch (Exception e) {
            return 0;
        }
    }

    static long rssKb(long pid) throws Exception {
        return status(pid, "VmRSS:");
    }

    /** A kB figure of /proc/pid/status ({@code VmRSS:}, {@code RssAnon:}, {@code RssFile:}). */
    static long status(long pid, String key) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(key)) return Long.parseLong(line.replaceAll("\\D+", ""));
        }
        return 0;
    }

    /** utime + stime of the process, in clock ticks (100 per second on Linux). */
    static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
