package org.ecogate.agent.bench;

import org.ecogate.agent.runtime.GatewayKey;
import org.ecogate.sim.plant.Plant;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.platform.SqliteSink;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.sqlite.SQLiteConfig;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 12 benchmark (a program, not a test): wall time from starting the real {@code bin/ecogate run} (default
 * launcher profile) to the first reading committed in its buffer, then VmRSS/VmHWM, for a 200 x 128-point plant and a
 * 4-device baseline in the same run, alternating. Not thread-safe (one run at a time). Trap: the buffer is polled
 * read-only every 5 ms, so a figure is late by at most that (plus the poll's own cost). How to run: README.
 * Args: [runs per size, default 3] [seconds to RSS sample, default 10] [sizes, default 4,200];
 * {@code -Dbench.launcher=../bin/ecogate}.
 */
public final class StartupBench {
    private static final int POINTS = 128;

    private StartupBench() {}

    record Run(long firstMs, long rssKb, long hwmKb, long readings) {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rssAfter = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        List<Integer> sizes = new ArrayList<>();
        for (String s : (args.length > 2 ? args[2] : "4,200").split(",")) sizes.add(Integer.parseInt(s.trim()));
        Path launcher = Path.of(System.getProperty("bench.launcher", "../bin/ecogate")).toAbsolutePath().normalize();
        if (!Files.isExecutable(launcher)) throw new IllegalStateException(launcher + ": no launcher (run ./install)");
        Path dir = Files.createTempDirectory("ecogate-startup");
        String key = GatewayKey.generate();
        int max = sizes.stream().mapToInt(Integer::intValue).max().orElseThrow();
        StringBuilder plant = new StringBuilder("host: 127.0.0.1\ndevices:\n");
        for (int d = 0; d < max; d++) plant.append("  - {id: d").append(d).append(", type: fan, port: 0}\n");
        System.out.printf(Locale.ROOT, "%s run --config <N devices x %d points, signed, 1 s interval>, plain mqtt to a local mosquitto and platform receiver; one warm-up run per size (not counted); "
                + "first reading committed in the buffer (polled every 5 ms), then VmRSS/VmHWM %d s after start; load average %s%n",
                launcher, POINTS, rssAfter, loadAverage());
        List<List<Run>> results = new ArrayList<>();
        for (int i = 0; i < sizes.size(); i++) results.add(new ArrayList<>());
        try (MosquittoProcess broker = MosquittoProcess.start();
             Plant p = Plant.start(PlantConfig.parse(plant.toString(), "startup-plant.yaml"));
             SqliteSink sink = new SqliteSink(dir.resolve("platform.db"));
             SyncReceiver receiver = new SyncReceiver(ReceiverConfig.builder("tcp://127.0.0.1:" + broker.port())
                     .clientId("startup-platform").keys(Map.of("startup", key.getBytes(StandardCharsets.UTF_8))).build(), sink)) {
            receiver.start(); // acknowledges, as a platform does: no resends inflate the agent's figures
            for (int i = 0; i < sizes.size(); i++) { // warm-up: page cache, simulator threads
                run(launcher, config(dir.resolve("warm-" + sizes.get(i) + ".yaml"), sizes.get(i), p, broker.port(), key),
                        dir.resolve("warm-" + sizes.get(i)), 3);
            }
            List<Path> configs = new ArrayList<>();
            for (int n : sizes) configs.add(config(dir.resolve(n + "-devices.yaml"), n, p, broker.port(), key));
            for (int r = 0; r < runs; r++) {
                for (int i = 0; i < sizes.size(); i++) { // alternate sizes: the machine is shared
                    Run run = run(launcher, configs.get(i), dir.resolve("run-" + sizes.get(i) + "-" + r), rssAfter);
                    results.get(i).add(run);
                    System.out.printf(Locale.ROOT, "  run %d, %3d devices x %d points (%,6d points/s): first datapoint after %,5d ms, "
                                    + "VmRSS %,d kB, VmHWM %,d kB, %,d readings buffered at %d s%n",
                            r + 1, sizes.get(i), POINTS, sizes.get(i) * POINTS, run.firstMs, run.rssKb, run.hwmKb, run.readings, rssAfter);
                }
            }
        }
        System.out.println("goal: the first datapoint of every size within 2,000 ms of process start (median)");
        boolean pass = true;
        for (int i = 0; i < sizes.size(); i++) {
            List<Run> rs = results.get(i);
            pass &= median(rs.stream().mapToLong(Run::firstMs).toArray()) <= 2000;
            System.out.printf(Locale.ROOT, "median of %d, %3d devices x %d points: first datapoint after %,5d ms, VmRSS %,d kB, VmHWM %,d kB%n",
                    rs.size(), sizes.get(i), POINTS, median(rs.stream().mapToLong(Run::firstMs).toArray()),
                    median(rs.stream().mapToLong(Run::rssKb).toArray()), median(rs.stream().mapToLong(Run::hwmKb).toArray()));
        }
        System.out.println("load average at the end: " + loadAverage());
        System.out.println(pass ? "PASS: every size's median first datapoint within 2,000 ms" : "SHORT: a size's median first datapoint after 2,000 ms");
    }

    /** The agent's config: {@code devices} x 128 points (64 holding, 64 input registers) on the plant's servers, signed. */
    private static Path config(Path file, int devices, Plant p, int brokerPort, String key) throws Exception {
        StringBuilder y = new StringBuilder("gateway: startup\nbuffer: {path: agent.db}\nuplink:\n  broker: tcp://127.0.0.1:")
                .append(brokerPort).append("\n  key: ").append(key).append("\ndevices:\n");
        for (int d = 0; d < devices; d++) {
            y.append("  - id: d").append(d).append("\n    host: 127.0.0.1\n    port: ").append(p.port("d" + d))
                    .append("\n    interval: 1s\n    points:\n");
            for (int i = 0; i < POINTS; i++) {
                y.append("      - {name: p").append(i).append(", address: ").append(i % 50).append(", table: ")
                        .append(i < 64 ? "holding" : "input").append(", type: uint16, scale: 0.1, unit: kW}\n");
            }
        }
        Files.writeString(file, y);
        return file;
    }

    private static Run run(Path launcher, Path cfg, Path dir, int rssAfter) throws Exception {
        Files.createDirectories(dir);
        Path db = dir.resolve("agent.db");
        Files.copy(cfg, dir.resolve("agent.yaml")); // buffer path agent.db is relative to the config
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "run", "--config", dir.resolve("agent.yaml").toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile());
        pb.environment().remove("ECOGATE_JAVA_OPTS"); // the default profile
        long t0 = System.nanoTime();
        Process agent = pb.start();
        try {
            long firstMs = -1;
            Connection c = null;
            long deadline = t0 + TimeUnit.SECONDS.toNanos(120);
            while (firstMs < 0) {
                if (!agent.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("agent " + (agent.isAlive() ? "wrote no reading in 120 s" : "exited " + agent.exitValue())
                            + ": " + dir.resolve("agent.log"));
                }
                if (c == null && Files.exists(db)) c = readOnly(db);
                if (c != null && readings(c, true) > 0) firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                else Thread.sleep(5);
            }
            long sampleAt = t0 + TimeUnit.SECONDS.toNanos(rssAfter);
            while (System.nanoTime() < sampleAt && agent.isAlive()) Thread.sleep(50);
            long rss = status(agent.pid(), "VmRSS:");
            long hwm = status(agent.pid(), "VmHWM:");
            long n = readings(c, false);
            c.close();
            return new Run(firstMs, rss, hwm, n);
        } finally {
            agent.destroy();
            if (!agent.waitFor(30, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
        }
    }

    private static Connection readOnly(Path db) throws Exception {
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setOpenMode(org.sqlite.SQLiteOpenMode.NOMUTEX);
        return cfg.createConnection("jdbc:sqlite:" + db);
    }

    /** Whether a reading is committed, or how many were (the last seq: acknowledged ones are deleted); 0 before the schema. */
    private static long readings(Connection c, boolean any) {
        long[] seqs = org.ecogate.agent.buffer.BufferTesting.readingSeqs(c);
        return any ? (seqs[0] > 0 ? 1 : 0) : seqs[1];
    }

    private static long status(long pid, String field) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field)) return Long.parseLong(line.replaceAll("\\D+", ""));
        }
        return 0;
    }

    private static String loadAverage() throws Exception {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    private static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
