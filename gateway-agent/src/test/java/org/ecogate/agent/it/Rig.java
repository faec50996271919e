package org.ecogate.agent.it;

import org.ecogate.sim.demo.DemoResult;
import org.ecogate.sim.demo.StoreComparison;
import org.ecogate.sim.plant.Plant;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.platform.SqliteSink;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real parts for agent integration tests: a private mosquitto, the simulator's plant on free loopback ports,
 * the simulated platform (receiver + SQLite store), and the agent as a child JVM. {@link #close()} stops all
 * of it, also when a test fails.
 */
final class Rig implements AutoCloseable {
    static final String GATEWAY = "it-gw";
    /** The gateway's signing key: the platform rejects unsigned batches, as by default. */
    static final String KEY = org.ecogate.agent.runtime.GatewayKey.generate();

    final Path dir;
    final MosquittoProcess broker;
    final Plant plant;
    final SqliteSink sink;
    final SyncReceiver receiver;
    private final List<Process> agents = new ArrayList<>();

    Rig(Path dir, String plantYaml) throws Exception {
        this.dir = dir;
        MosquittoProcess b = null;
        Plant p = null;
        SqliteSink s = null;
        SyncReceiver r = null;
        try {
            b = MosquittoProcess.start();
            p = Plant.start(PlantConfig.parse(plantYaml, "it-plant.yaml"));
            s = new SqliteSink(dir.resolve("platform.db"));
            r = new SyncReceiver(org.ecogate.sync.ReceiverConfig.signed(b.url(), "it-platform",
                    java.util.Map.of(GATEWAY, KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8))), s);
            r.start();
        } catch (Exception e) {
            if (r != null) r.close();
            if (s != null) s.close();
            if (p != null) p.close();
            if (b != null) b.close();
            throw e;
        }
        broker = b;
        plant = p;
        sink = s;
        receiver = r;
    }

    static final String PLANT = """
            host: 127.0.0.1
            devices:
              - {id: fan1, type: fan, port: 0}
              - {id: line1, type: meter, port: 0}
            """;

    /** Writes an agent config polling fan1 and line1 of the plant every 200 ms; returns its path. */
    Path agentConfig(String extraDeviceYaml) throws IOException {
        String yaml = """
                gateway: %s
                buffer:
                  path: agent.db
                  keepAcked: 1d           # the tests compare every reading the agent committed with the platform
                uplink:
                  broker: %s
                  key: %s
                  batchMaxRecords: 40
                  window: 3
                  ackTimeout: 1s
                  drainOnStop: 15s
                devices:
                  - id: fan1
                    host: 127.0.0.1
                    port: %d
                    interval: 200ms
                    timeout: 300ms
                    points:
                      - {name: freq,    address: 0, table: holding, type: float32}
                      - {name: current, address: 2, table: holding, type: float32}
                      - {name: run,     address: 4, table: holding, type: bit, bit: 0}
                      - {name: speed,   address: 5, table: holding, type: uint16}
                  - id: line1
                    host: 127.0.0.1
                    port: %d
                    interval: 200ms
                    timeout: 300ms
                    points:
                      - {name: kw,  address: 0, type: float32}
                      - {name: kwh, address: 2, type: uint32, scale: 0.1}
                      - {name: run, address: 4, type: bit, bit: 0}
                %s""".formatted(GATEWAY, broker.url(), KEY, plant.port("fan1"), plant.port("line1"),
                extraDeviceYaml == null ? "" : extraDeviceYaml);
        Path f = dir.resolve("agent.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    /** The config of the last agent started, for {@link #compare()}. */
    private Path lastConfig;

    Path agentDb() {
        return dir.resolve("agent.db");
    }

    /** Starts {@code ecogate run --config FILE} as a child JVM with this test's class path. */
    Process startAgent(Path config, String logName) throws IOException {
        lastConfig = config;
        return startCli(dir.resolve(logName), "run", "--config", config.toString());
    }

    Process startCli(Path log, String... args) throws IOException {
        return startCli(java.util.Map.of(), log, args);
    }

    /** As {@link #startCli(Path, String...)} with extra environment variables (e.g. libfaketime's). */
    Process startCli(java.util.Map<String, String> env, Path log, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                "org.ecogate.agent.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        agents.add(p);
        return p;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** SIGTERM, then wait for the agent's bounded drain. */
    static int stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("agent did not stop within 40 s of SIGTERM");
        }
        return p.exitValue();
    }

    /** Waits until the platform has stopped receiving (no new batch for a second). */
    void awaitQuiet() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 20; i++) {
            long now = receiver.stats().batches();
            if (now == last) return;
            last = now;
            Thread.sleep(1000);
        }
    }

    /** Agent buffer against platform store, the agent's side asked through its CLI (the config the agent last ran with). */
    DemoResult compare() throws Exception {
        return compare(lastConfig != null ? lastConfig : dir.resolve("agent.yaml"));
    }

    DemoResult compare(Path agentConfig) throws Exception {
        return StoreComparison.compare(cliCommand(), agentConfig, dir.resolve("platform.db"), GATEWAY);
    }

    /** How to run {@code ecogate} as a child JVM with this test's class path. */
    static List<String> cliCommand() {
        return List.of(javaBin(), "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "org.ecogate.agent.cli.Main");
    }

    /** Waits until the named log contains {@code text}; fails with the log if it does not within {@code ms}. */
    void awaitLog(String name, String text, long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (!log(name).contains(text)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no '" + text + "' in " + name + " within " + ms + " ms:\n" + log(name));
            }
            Thread.sleep(50);
        }
    }

    /** Starts the agent and waits until it runs (JVM start can take seconds on a loaded machine). */
    Process startAgentAndWait(Path config, String logName) throws IOException, InterruptedException {
        Process p = startAgent(config, logName);
        awaitLog(logName, "agent " + GATEWAY + " running", 30_000);
        return p;
    }

    String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    @Override
    public void close() {
        for (Process p : agents) {
            if (p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        receiver.close();
        try {
            sink.close();
        } catch (Exception ignored) {
            // closing
        }
        plant.close();
        broker.close();
    }

    static String classPathSeparator() {
        return File.pathSeparator;
    }
}
