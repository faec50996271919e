package org.ecogate.agent.runtime;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.sync.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * A platform's {@code config} command: the text is validated by the config loader, applied through {@link Agent#reload},
 * and kept only if every device that answered before still answers a watch window later; else the running config is
 * rolled back. The file on disk changes only once confirmed (atomically, the old one kept as {@code <file>.prev}).
 * One command at a time on its own thread. Trap: the trial text lives in {@code <file>.remote} beside the file (so
 * relative paths resolve alike) and is deleted after; a restart mid-trial runs the old file.
 */
public final class RemoteConfig {
    private static final Logger log = LoggerFactory.getLogger(RemoteConfig.class);

    private final Agent agent;
    private final Path file;
    private final BiConsumer<String, String> answer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "remote-config");
        t.setDaemon(true);
        return t;
    });

    /** {@code answer} publishes (command id, outcome) as the command's result. */
    public RemoteConfig(Agent agent, Path file, BiConsumer<String, String> answer) {
        this.agent = agent;
        this.file = file.toAbsolutePath();
        this.answer = answer;
    }

    /** Queues the command (returns at once: called on the uplink's thread). */
    public void handle(Command c) {
        worker.execute(() -> {
            String outcome;
            try {
                outcome = apply(c);
            } catch (Exception e) {
                outcome = "rejected: " + e;
            }
            boolean ok = outcome.startsWith("applied");
            if (ok) log.info("config command {} {}", c.id(), outcome);
            else log.error("config command {} {}", c.id(), outcome);
            agent.reportReload(ok, "config command " + c.id() + " " + outcome);
            answer.accept(c.id(), outcome.length() > 1000 ? outcome.substring(0, 997) + "..." : outcome);
        });
    }

    private String apply(Command c) throws Exception {
        Path trial = file.resolveSibling(file.getFileName() + ".remote");
        Files.deleteIfExists(trial);
        Files.createFile(trial, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))); // it may hold secrets
        try {
            Files.writeString(trial, c.body());
            Files.setPosixFilePermissions(trial, Files.getPosixFilePermissions(file)); // the saved file keeps the old mode
            try {
                ConfigLoader.load(trial);
            } catch (ConfigException e) {
                return "rejected: " + e.getMessage().replace(trial.toString(), "the config");
            }
            Map<String, Long> before = answering();
            Agent.Reload r = agent.reload(trial);
            if (!r.applied()) return "rejected: " + r.message().replace(trial.toString(), "the config");
            long watch = watchMillis(r.config());
            Thread.sleep(watch);
            Map<String, Long> after = answering();
            List<String> silent = new ArrayList<>();
            for (DeviceConfig d : r.config().devices()) {
                Long b = before.get(d.id());
                if (b != null && !(after.getOrDefault(d.id(), 0L) > b)) silent.add(d.id());
            }
            if (!silent.isEmpty()) {
                Agent.Reload back = agent.reload(file);
                return "rolled back: devices " + String.join(", ", silent) + " stopped answering within " + watch + " ms"
                        + (back.applied() ? "; the previous config runs again" : "; the rollback failed: " + back.message());
            }
            Files.copy(file, file.resolveSibling(file.getFileName() + ".prev"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.COPY_ATTRIBUTES);
            Files.move(trial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return r.message() + "; saved to " + file.getFileName() + " (the old one as " + file.getFileName() + ".prev)";
        } finally {
            Files.deleteIfExists(trial);
        }
    }

    /** Devices answering now (state online, at least one good cycle) with their good cycles so far. */
    private Map<String, Long> answering() throws Exception {
        Map<String, String> states = agent.status().devices();
        Map<String, Long> good = new java.util.HashMap<>();
        for (LiveValues.DeviceCounters d : agent.liveValues().devices()) {
            long n = d.cycles() - d.failedCycles();
            if (n > 0 && "online".equals(states.get(d.device()))) good.put(d.device(), n);
        }
        return good;
    }

    /** Two of the slowest poll intervals plus the longest timeout and a second: time for every device to answer twice. */
    static long watchMillis(AgentConfig cfg) {
        long interval = 0, timeout = 0;
        for (DeviceConfig d : cfg.devices()) {
            if (d.interval() != null) interval = Math.max(interval, d.interval().toMillis());
            if (d.timeout() != null) timeout = Math.max(timeout, d.timeout().toMillis());
        }
        return 2 * interval + timeout + Duration.ofSeconds(1).toMillis();
    }
}
