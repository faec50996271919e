package org.ecogate.sim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.sim.plant.Plant;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.platform.SqliteSink;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.ReceiverStats;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.agentstatus.AgentStatus;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The main job on local defaults: a private mosquitto on a free loopback port, the simulated plant, the simulated
 * platform, and the real agent as a child process polling the plant with the example config. Prints a status line
 * per second, then stops polling, lets the backlog drain, stops everything and compares agent buffer and platform
 * store. Not thread-safe; one run per instance.
 */
public final class Demo {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper STATUS = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** @param agentCommand how to start the agent, e.g. {@code [bin/ecogate]}; "run --config FILE" is appended */
    public record Options(int seconds, List<String> agentCommand, Path agentConfig, Path plantConfig, Path out) {}

    private final Options opt;
    private final PrintStream out;
    private volatile boolean stopRequested;

    public Demo(Options opt, PrintStream out) {
        this.opt = opt;
        this.out = out;
    }

    /** Ends the run early (Ctrl-C); the summary is still printed. */
    public void requestStop() {
        stopRequested = true;
    }

    public DemoResult run() throws Exception {
        Path dir = opt.out().toAbsolutePath();
        Files.createDirectories(dir);
        Path agentDb = dir.resolve("agent.db");
        Files.deleteIfExists(AgentStatus.fileFor(agentDb));
        for (String f : List.of("agent.db", "agent.db-wal", "agent.db-shm", "agent.db.epoch", "agent.db.lock", "platform.db",
                "platform.db-wal", "platform.db-shm", "agent.log", "agent.yaml")) {
            Files.deleteIfExists(dir.resolve(f));
        }
        Path platformDb = dir.resolve("platform.db");
        PlantConfig plantCfg = opt.plantConfig() != null ? PlantConfig.load(opt.plantConfig()) : bundledPlant(dir);
        // secure by default: a signing key made for this run, given to the agent and to the platform
        String key = newKey();
        String gatewayId = YAML.readTree(opt.agentConfig().toFile()).path("gateway").asText();
        try (MosquittoProcess broker = MosquittoProcess.start();
             Plant plant = Plant.start(plantCfg);
             SqliteSink sink = new SqliteSink(platformDb);
             SyncReceiver receiver = new SyncReceiver(ReceiverConfig.signed(broker.url(), "ecogate-demo-platform",
                     Map.of(gatewayId, key.getBytes(StandardCharsets.UTF_8))), sink)) {
            receiver.start();
            String gateway = writeAgentConfig(plant, broker.url(), dir, key);
            out.println("demo: batches signed (HMAC-SHA256) with a key made for this run; the platform rejects unsigned ones");
            out.println("demo: broker " + broker.url() + ", plant " + plantCfg.devices().size() + " devices, platform store "
                    + platformDb + ", agent buffer " + agentDb);
            List<String> cmd = new ArrayList<>(opt.agentCommand());
            cmd.addAll(List.of("run", "--config", dir.resolve("agent.yaml").toString()));
            Process agent = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("agent.log").toFile()).start();
            try {
                long start = System.nanoTime();
                for (int t = 1; t <= opt.seconds() && !stopRequested && agent.isAlive(); t++) {
                    long wake = start + TimeUnit.SECONDS.toNanos(t);
                    while (System.nanoTime() < wake && !stopRequested) Thread.sleep(50);
                    out.println(statusLine(t, agentDb, receiver.stats()));
                    printEvents(sink);
                    tellWhereToLook(agentDb, dir);
                }
                if (!agent.isAlive()) {
                    out.println("demo: the agent exited early with code " + agent.exitValue() + "; see " + dir.resolve("agent.log"));
                }
                out.println("demo: stopping the agent (SIGTERM): it stops polling and drains its backlog");
                agent.destroy();
                if (!agent.waitFor(60, TimeUnit.SECONDS)) {
                    out.println("demo: agent did not stop in 60 s; killing it");
                    agent.destroyForcibly().waitFor();
                }
                waitForQuiet(receiver, Duration.ofSeconds(3));
                out.println(statusLine(-1, agentDb, receiver.stats()));
                printEvents(sink);
            } finally {
                if (agent.isAlive()) agent.destroyForcibly().waitFor();
            }
            ReceiverStats rs = receiver.stats();
            DemoResult r = StoreComparison.compare(opt.agentCommand(), dir.resolve("agent.yaml"), platformDb, gateway);
            out.println("demo: platform received " + rs.batches() + " batches, stored " + rs.recordsStored()
                    + " records, ignored " + rs.recordsDuplicate() + " redelivered records, rejected " + rs.rejected());
            out.println("demo: agent buffer and platform store left in " + dir + " (agent.db, platform.db, agent.log)");
            printStreams(dir.resolve("agent.yaml"), platformDb, gateway);
            out.println(r.summaryLine());
            out.println("demo: audit the summaries and ledgers the agent buffered: bin/ecogate audit -c " + dir.resolve("agent.yaml"));
            out.println("demo: to look further, run it longer (./install demo --seconds 300) and meanwhile, in another terminal:");
            out.println("demo:   bin/ecogate status -c " + dir.resolve("agent.yaml") + "    health, equipment, open events, uplink, backlog");
            out.println("demo:   bin/ecogate values -c " + dir.resolve("agent.yaml") + " --watch    every point's live value");
            out.println("demo:   the agent's page, at the address `status` prints (http://127.0.0.1:8080/ unless that port was taken)");
            return r;
        }
    }

    private long lastEventRow;
    private boolean toldWhereToLook;

    /**
     * The counts per stream, agent against platform, with what they are. Each stream numbers its records 1, 2, 3…
     * on its own, so a count of distinct seq over all streams together would read as duplicates.
     */
    private void printStreams(Path agentConfig, Path platformDb, String gateway) {
        try {
            out.println("demo: per stream          committed by the agent   stored by the platform   distinct seq");
            for (StoreComparison.StreamCount c : StoreComparison.perStream(opt.agentCommand(), agentConfig, platformDb, gateway)) {
                out.printf("demo:   %-10s %27d %24d %14d%n", c.stream(), c.committed(), c.stored(), c.distinct());
            }
            out.println("demo: readings = raw values; events = outage/data-gap/warning documents (each open, update and close is one);");
            out.println("demo: summaries = minute/hour aggregates and daily ledgers; gaps = ranges the buffer had to drop (none here).");
            out.println("demo: each stream numbers its records from 1, so the platform's key is (stream, seq); \"sent\" above counts");
            out.println("demo: records of every stream published, resends included; \"acknowledged\" the readings the platform confirmed.");
        } catch (Exception e) {
            out.println("demo: cannot count per stream: " + e.getMessage());
        }
    }

    /** Prints each event the platform has stored since the last call: what the platform's operators would see. */
    private void printEvents(SqliteSink sink) {
        try {
            for (Object[] row : sink.documentsAfter("events", lastEventRow)) {
                lastEventRow = (Long) row[0];
                JsonNode ev = JSON.readTree((String) row[1]);
                StringBuilder eq = new StringBuilder();
                for (JsonNode id : ev.path("equipment")) {
                    if (eq.length() > 0) eq.append(", ");
                    eq.append(id.asText());
                    String st = ev.path("equipmentStates").path(id.asText()).asText("");
                    if (!st.isEmpty()) eq.append(" (").append(st).append(')');
                }
                String subject = ev.path("facility").isTextual() ? "facility " + ev.path("facility").asText()
                        : ev.path("point").asText("");
                out.printf("demo: platform event: %s %s %s%s, %d s%s%n", ev.path("type").asText(), subject,
                        ev.path("status").asText().toUpperCase(),
                        ev.path("level").isTextual() ? " level " + ev.path("level").asText() : "",
                        ev.path("durationSeconds").asLong(), eq.length() > 0 ? ", equipment: " + eq : "");
            }
        } catch (Exception e) {
            out.println("demo: cannot read events from the platform store: " + e.getMessage());
        }
    }

    /** Once the agent serves its page: the three ways to look at it while the demo runs. */
    private void tellWhereToLook(Path agentDb, Path dir) {
        if (toldWhereToLook) return;
        try {
            AgentStatus st = STATUS.readValue(AgentStatus.fileFor(agentDb).toFile(), AgentStatus.class);
            if (st.web() == null) return;
            toldWhereToLook = true;
            out.println("demo: while it runs: bin/ecogate status -c " + dir.resolve("agent.yaml") + " | bin/ecogate values -c "
                    + dir.resolve("agent.yaml") + " | page " + st.web());
        } catch (IOException e) {
            // not written yet
        }
    }

    private static void waitForQuiet(SyncReceiver receiver, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            long now = receiver.stats().batches();
            if (now == last) return;
            last = now;
            Thread.sleep(500);
        }
    }

    private String statusLine(int t, Path agentDb, ReceiverStats platform) {
        String prefix = t < 0 ? "demo: final" : String.format("demo: t=%3ds", t);
        try {
            AgentStatus st = STATUS.readValue(AgentStatus.fileFor(agentDb).toFile(), AgentStatus.class);
            AgentStatus.Buffer b = st.buffer();
            AgentStatus.Uplink u = st.uplink();
            return String.format("%s read=%d buffered=%d sent=%d acknowledged=%d backlog=%d uplink=%s platform-stored=%d",
                    prefix, st.readings(), b.rows(), u.recordsSent(), Math.min(b.ackedThrough(), b.rows()),
                    b.backlog(), u.connected() ? "up" : "down", platform.recordsStored());
        } catch (IOException e) {
            return prefix + " agent starting… platform-stored=" + platform.recordsStored();
        }
    }

    private PlantConfig bundledPlant(Path dir) throws IOException {
        Path f = dir.resolve("plant.yaml");
        try (InputStream in = Demo.class.getResourceAsStream("/demo/plant.yaml")) {
            if (in == null) throw new IOException("bundled demo plant config /demo/plant.yaml missing from the jar");
            Files.copy(in, f, StandardCopyOption.REPLACE_EXISTING);
        }
        return PlantConfig.load(f);
    }

    /** Copies the example agent config with the plant's actual ports, the demo broker and buffer path filled in. */
    /** 32 random bytes as 64 hex characters, like {@code ./install} and {@code ecogate init} make. */
    private static String newKey() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private String writeAgentConfig(Plant plant, String brokerUrl, Path dir, String key) throws IOException {
        ObjectNode cfg = (ObjectNode) YAML.readTree(opt.agentConfig().toFile());
        ((ObjectNode) cfg.with("uplink")).put("broker", brokerUrl);
        ((ObjectNode) cfg.with("uplink")).remove(List.of("keyFile", "insecure"));
        ((ObjectNode) cfg.with("uplink")).put("key", key);
        ((ObjectNode) cfg.with("uplink")).put("drainOnStop", "20s");
        ((ObjectNode) cfg.with("buffer")).put("path", dir.resolve("agent.db").toString());
        // keep acknowledged readings so the counts can be compared (a gateway frees them once acknowledged)
        ((ObjectNode) cfg.with("buffer")).put("keepAcked", "1d");
        // the demo prints the agent's status file every second: let the agent rewrite it every second (a box: 30s)
        ((ObjectNode) cfg.with("buffer")).put("statusEvery", "1s");
        for (JsonNode d : cfg.path("devices")) {
            String id = d.path("id").asText();
            ((ObjectNode) d).put("host", "127.0.0.1");
            ((ObjectNode) d).put("port", plant.port(id));
        }
        // The demo lasts seconds, not hours: shorten the detection timings so an outage opens and closes in it.
        JsonNode det = cfg.path("detection");
        if (det.isObject()) {
            for (JsonNode e : det.path("equipment")) {
                ((ObjectNode) e).put("debounce", "2s");
                ((ObjectNode) e).put("offlineAfter", "3s");
            }
            for (JsonNode f : det.path("facilities")) ((ObjectNode) f).put("grace", "2s");
            out.println("demo: detection timings shortened for the demo: debounce 2s, grace 2s, offlineAfter 3s");
        }
        YAML.writeValue(dir.resolve("agent.yaml").toFile(), cfg);
        return cfg.path("gateway").asText();
    }

    /** Installs a Ctrl-C handler that ends the demo early but still prints the summary. */
    public static void runWithShutdownHook(Demo demo) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                done.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.run();
        } finally {
            done.countDown();
        }
    }
}
