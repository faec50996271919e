package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.Agent;
import org.ecogate.agent.runtime.InstanceLock;
import org.ecogate.agent.runtime.StopSignals;
import org.ecogate.agent.runtime.SystemdNotify;
import org.ecogate.agent.runtime.log.AgentLog;
import org.ecogate.agent.web.LocalWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code ecogate run --config FILE}: runs the agent until SIGTERM/SIGINT, then drains (bounded) and exits.
 * SIGHUP re-reads the file ({@link Agent#reload}): log level and the local page follow it too.
 */
@Command(mixinStandardHelpOptions = true, name = "run", description = "Run the agent: poll devices, buffer, upload. SIGHUP re-reads the config.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "agent config (YAML)")
    Path config;

    private final AtomicReference<LocalWeb> web = new AtomicReference<>();

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = Main.loadConfig(config);
        if (cfg == null) return Main.INVALID;
        try {
            cfg.uplink().requireKeyOrInsecure(config.toString());
        } catch (org.ecogate.agent.config.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return Main.INVALID;
        }
        AgentLog.configure(cfg.log());
        Agent agent = new Agent(cfg, org.ecogate.agent.runtime.ClockService.system());
        SystemdNotify systemd = SystemdNotify.fromEnvironment();
        agent.notifyTo(systemd);
        agent.configFile(config);
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
        ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "reload");
            t.setDaemon(true);
            return t;
        });
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reloads.execute(() -> reload(agent)));
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

    private void reload(Agent agent) {
        agent.notifier().send("RELOADING=1");
        AgentConfig before = agent.config();
        Agent.Reload r = agent.reload(config);
        try {
            if (r.applied()) {
                AgentLog.configure(r.config().log());
                if (!r.config().web().equals(before.web())) {
                    LocalWeb old = web.getAndSet(null);
                    if (old != null) old.close();
                    agent.webAddress(null);
                    startWeb(agent, r.config());
                }
            }
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(RunCommand.class).error("config reload: {}", e.toString());
        }
        agent.notifier().send("READY=1\nSTATUS=" + (r.applied() ? "config reloaded" : "config reload refused (see the log)"));
    }

    private void startWeb(Agent agent, AgentConfig cfg) {
        LocalWeb w = LocalWeb.start(agent, cfg.web());
        if (w != null) {
            agent.webAddress(w.url());
            web.set(w);
        }
    }
}
