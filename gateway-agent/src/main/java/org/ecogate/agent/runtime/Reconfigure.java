package org.ecogate.agent.runtime;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigOverlay;
import org.ecogate.agent.runtime.log.AgentLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The one way a running agent takes a new config, whoever asks (SIGHUP via {@link #reload}, a platform's push via
 * {@link RemoteConfig}, any later trigger via {@link #apply}). Live: devices, detection rules (state kept), the HJ 212
 * platforms, log level and file, the local page. Restart: gateway id, buffer, the ecogate sync uplink (it carries the
 * platform's commands). Thread-safe: one apply at a time. Trap: a refused config leaves everything as it ran.
 */
public final class Reconfigure {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's

    /** The outcome, as the log and the status file ({@code lastReload}) tell it. */
    public record Result(boolean applied, String message, AgentConfig config) {}

    private final Path file;
    private final Path overlay;
    private final LiveValues live;
    private final Detection detection;
    private final Pollers pollers;
    private final Uplinks uplinks;
    private final StatusView status;
    private final List<BiConsumer<AgentConfig, AgentConfig>> listeners = new CopyOnWriteArrayList<>();
    private volatile AgentConfig current;

    Reconfigure(AgentConfig initial, Path file, Path overlay, LiveValues live, Detection detection, Pollers pollers,
                Uplinks uplinks, StatusView status) {
        this.current = initial;
        this.file = file;
        this.overlay = overlay;
        this.live = live;
        this.detection = detection;
        this.pollers = pollers;
        this.uplinks = uplinks;
        this.status = status;
    }

    /** The config running now. */
    public AgentConfig current() {
        return current;
    }

    /** The admin's file (null when the agent was not started from one). */
    public Path file() {
        return file;
    }

    /** Where the platform's accepted config is kept (null: pushes are not taken). */
    public Path overlay() {
        return overlay;
    }

    /** Told (before, after) once a config is applied: for parts outside the runtime, such as the local page. */
    public void onApplied(BiConsumer<AgentConfig, AgentConfig> listener) {
        listeners.add(listener);
    }

    /** SIGHUP: re-reads the file with the overlay on top (the documented precedence) and applies the result. */
    public Result reload() {
        if (file == null) return reported(false, "kept the running config: the agent was not started from a file", current);
        AgentConfig next;
        try {
            List<String> held = ConfigOverlay.keys(overlay);
            if (!held.isEmpty()) {
                log.warn("config: {} re-read with the platform's overlay {} on top: its sections {} replace the file's "
                        + "(remove the overlay and send SIGHUP again to run the file alone)", file, overlay, String.join(", ", held));
            }
            next = ConfigOverlay.load(file, overlay);
        } catch (ConfigException e) {
            return reported(false, "kept the running config: " + e.getMessage(), current);
        }
        return apply(next);
    }

    /**
     * Applies {@code next} if nothing in it needs a restart: devices added, removed or changed while the others keep
     * polling; detection swapped with its state (open events, debounce, ledgers) kept; the buffer untouched.
     */
    public synchronized Result apply(AgentConfig next) {
        AgentConfig cfg = current;
        List<String> restart = needsRestart(cfg, next);
        if (!restart.isEmpty()) {
            return reported(false, "kept the running config: " + String.join(", ", restart)
                    + " changed, which needs a restart (systemctl restart ecogate)", cfg);
        }
        live.configure(next.devices());
        if (!next.detection().equals(cfg.detection())) detection.swap(next.detection());
        Pollers.Change change;
        try {
            change = pollers.apply(next.devices());
        } catch (RuntimeException e) {
            return reported(false, "devices not all started: " + e.getMessage(), cfg);
        }
        String platforms = "";
        try {
            boolean platformsRun = !next.hj212().isEmpty() || !cfg.hj212().isEmpty();
            if (platformsRun && (!next.hj212().equals(cfg.hj212()) || !next.detection().equals(cfg.detection()))) {
                uplinks.replacePlatforms(next);
                platforms = "; HJ 212 platforms restarted (" + next.hj212().size() + ")";
            }
            if (!next.log().equals(cfg.log())) AgentLog.configure(next.log());
        } catch (Exception e) {
            log.error("config reload: {}", e.toString());
        }
        current = next;
        for (BiConsumer<AgentConfig, AgentConfig> l : listeners) {
            try {
                l.accept(cfg, next);
            } catch (RuntimeException e) {
                log.error("config reload: {}", e.toString());
            }
        }
        return reported(true, "applied: devices " + change + platforms, next);
    }

    /** What of {@code next} cannot change while the agent runs (empty: all of it applies live). */
    static List<String> needsRestart(AgentConfig cfg, AgentConfig next) {
        List<String> restart = new ArrayList<>();
        if (!next.gateway().equals(cfg.gateway())) restart.add("gateway");
        if (!next.buffer().equals(cfg.buffer())
                || !next.source().resolve(next.buffer().path()).equals(cfg.source().resolve(cfg.buffer().path()))) restart.add("buffer");
        if (!next.uplink().equals(cfg.uplink())) restart.add("uplink");
        return restart;
    }

    /** Records an outcome decided elsewhere (a platform's command) as the last reload. */
    void report(boolean applied, String message) {
        status.reloaded(applied, message);
    }

    private Result reported(boolean applied, String message, AgentConfig c) {
        if (applied) log.info("config reload {}", message);
        else log.error("config reload refused, {}", message);
        status.reloaded(applied, message);
        return new Result(applied, message, c);
    }
}
