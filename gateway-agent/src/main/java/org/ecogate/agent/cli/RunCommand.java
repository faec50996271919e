package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigOverlay;
import org.ecogate.agent.runtime.Agent;
import org.ecogate.agent.runtime.InstanceLock;
import org.ecogate.agent.runtime.StopSignals;
import org.ecogate.agent.runtime.SystemdNotify;
import org.ecogate.agent.runtime.log.AgentLog;
import org.ecogate.agent.web.LocalWeb;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ecogate run --config FILE}: runs the agent until SIGTERM/SIGINT, then drains (bounded) and exits. The
 * platform's accepted config, kept as an overlay in the state directory, lies on top of the file (docs/BOX.md).
 * SIGHUP re-reads both through {@link org.ecogate.agent.runtime.Reconfigure}, as a platform's push does.
 */
@Command(mixinStandardHelpOptions = true, name = "run", description = "Run the agent: poll devices, buffer, upload. SIGHUP re-reads the config.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "agent config (YAML)")
    Path config;

    @Option(names = "--overlay", paramLabel = "FILE", description = "where a config the platform pushed is kept, on top of "
            + "--config (default: " + ConfigOverlay.FILE_NAME + " beside the buffer, in the state directory)")
    Path overlay;

    private final AtomicReference<LocalWeb> web = new AtomicReference<>();

    @Override
    public Integer call() throws Exception {
        AgentConfig file = Main.loadConfig(config);
        if (file == null) return Main.INVALID;
        Path ov = overlay != null ? overlay.toAbsolutePath() : Agent.defaultOverlay(file);
        AgentConfig cfg = file;
        String overlayNote = null;
        try {
            if (java.nio.file.Files.exists(ov)) {
                cfg = ConfigOverlay.load(config, ov);
                overlayNote = "config: the platform's overlay " + ov + " replaces the sections "
                    + String.join(", ", ConfigOverlay.keys(ov)) + " of " + config;
            }
        } catch (ConfigException e) {
            overlayNote = "config: the platform's overlay " + ov + " no longer loads over " + config + " and is ignored: " + e.getMessage();
        }
        try {
            cfg.uplink().requireKeyOrInsecure(config.toString());
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return Main.INVALID;
        }
        AgentLog.configure(cfg.log());
        if (overlayNote != null) LoggerFactory.getLogger(RunCommand.class).warn(overlayNote);
        Agent agent = new Agent(cfg, org.ecogate.agent.runtime.ClockService.system());
        SystemdNotify systemd = SystemdNotify.fromEnvironment();
        agent.notifyTo(systemd);
        agent.configFile(config, ov);
        CountDownLatch stop = StopSignals.install();
        try {
            agent.start();
        } catch (InstanceLock.HeldException e) {
            System.err.println("error: " + e.getMessage());
            return Main.INVALID;
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            agent.stop(java.time.Duration.ZERO);
            return Main.FAILURE;
        }
        startWeb(agent, cfg);
        agent.reconfigure().onApplied((before, after) -> { // the page follows every applied config, pushed or re-read
            if (after.web().equals(before.web())) return;
            LocalWeb old = web.getAndSet(null);
            if (old != null) old.close();
            agent.webAddress(null);
            startWeb(agent, after);
        });
        ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
        });
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloads.execute(() -> {
            agent.notifier().send("RELOADING=1");
            boolean applied = agent.reconfigure().reload().applied();
            agent.notifier().send("READY=1\nSTATUS=" + (applied ? "config reloaded" : "config reload refused (see the log)"));
        }));
        // Any other way out of the JVM (System.exit elsewhere) still stops the agent.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutdown(agent, systemd), "shutdown"));
        stop.await();
        shutdown(agent, systemd);
        return Main.OK;
    }

    private void shutdown(Agent agent, SystemdNotify systemd) {
        LocalWeb w = web.getAndSet(null);
        if (w != null) w.close();
        agent.stop(agent.config().uplink().drainOnStop());
        systemd.close();
    }

    private void startWeb(Agent agent, AgentConfig cfg) {
        LocalWeb w = LocalWeb.start(agent, cfg.web());
        if (w != null) {
            agent.webAddress(w.url());
            web.set(w);
        }
    }
}
