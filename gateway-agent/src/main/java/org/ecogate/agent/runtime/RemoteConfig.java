package org.ecogate.agent.runtime;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigOverlay;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.sync.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * A platform's {@code config} command: the text, laid over the admin's file ({@link ConfigOverlay}), is validated,
 * applied through {@link Reconfigure#apply} and kept only if every device that answered before still answers a watch
 * window later and the overlay could be saved in the state directory; else the previous config is applied again.
 * One command at a time on its own thread. Trap: nothing is written before the trial passes, so a restart mid-trial
 * runs the previous config; the admin's file is never written.
 */
public final class RemoteConfig {
    private static final Logger log = LoggerFactory.getLogger(RemoteConfig.class);

    private final Reconfigure reconfigure;
    private final Supplier<Map<String, String>> deviceStates;
    private final LiveValues live;
    private final BiConsumer<String, String> answer;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "remote-config");
        t.setDaemon(true);
        return t;
    });

    /** {@code answer} publishes (command id, outcome) as the command's result. */
    RemoteConfig(Reconfigure reconfigure, Supplier<Map<String, String>> deviceStates, LiveValues live,
                 BiConsumer<String, String> answer) {
        this.reconfigure = reconfigure;
        this.deviceStates = deviceStates;
        this.live = live;
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
            reconfigure.report(ok, "config command " + c.id() + " " + outcome);
            answer.accept(c.id(), outcome.length() > 1000 ? outcome.substring(0, 997) + "..." : outcome);
        });
    }

    private String apply(Command c) throws Exception {
        Path file = reconfigure.file();
        Path overlay = reconfigure.overlay();
        AgentConfig next;
        String keep;
        try {
            next = ConfigOverlay.parse(file, c.body(), "the config");
            keep = ConfigOverlay.differences(file, c.body(), "the config");
        } catch (ConfigException e) {
            return "rejected: " + e.getMessage();
        }
        AgentConfig previous = reconfigure.current();
        Map<String, Long> before = answering();
        Reconfigure.Result r = reconfigure.apply(next);
        if (!r.applied()) return "rejected: " + r.message();
        long watch = watchMillis(r.config());
        Thread.sleep(watch);
        Map<String, Long> after = answering();
        List<String> silent = new ArrayList<>();
        for (DeviceConfig d : r.config().devices()) {
            Long b = before.get(d.id());
            if (b != null && !(after.getOrDefault(d.id(), 0L) > b)) silent.add(d.id());
        }
        if (!silent.isEmpty()) {
            return "rolled back: devices " + String.join(", ", silent) + " stopped answering within " + watch + " ms" + back(previous);
        }
        try {
            ConfigOverlay.save(overlay, keep);
        } catch (Exception e) {
            return "rolled back: the config could not be kept in " + overlay + " (" + e + ")" + back(previous);
        }
        return r.message() + (keep.isEmpty() ? "; the same as " + file.getFileName() + ": no overlay kept"
                : "; kept as the overlay " + overlay + " (the old one as " + overlay.getFileName() + ".prev)");
    }

    private String back(AgentConfig previous) {
        Reconfigure.Result back = reconfigure.apply(previous);
        return back.applied() ? "; the previous config runs again" : "; the rollback failed: " + back.message();
    }

    /** Devices answering now (state online, at least one good cycle) with their good cycles so far. */
    private Map<String, Long> answering() {
        Map<String, String> states = deviceStates.get();
        Map<String, Long> good = new java.util.HashMap<>();
        for (LiveValues.DeviceCounters d : live.devices()) {
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
