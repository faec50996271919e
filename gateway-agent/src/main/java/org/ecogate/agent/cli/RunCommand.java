package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.Agent;
import org.ecogate.agent.web.LocalWeb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ecogate run --config FILE}: runs the agent until SIGTERM/SIGINT, then drains (bounded) and exits. */
@Command(mixinStandardHelpOptions = true, name = "run", description = "Run the agent: poll devices, buffer, upload.")
final class RunCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "agent config (YAML)")
    Path config;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = Main.loadConfig(config);
        if (cfg == null) return Main.INVALID;
        org.ecogate.agent.runtime.log.AgentLog.configure(cfg.log());
        Agent agent = new Agent(cfg, Clock.systemUTC());
        org.ecogate.agent.runtime.SystemdNotify systemd = org.ecogate.agent.runtime.SystemdNotify.fromEnvironment();
        agent.notifyTo(systemd);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<LocalWeb> web = new java.util.concurrent.atomic.AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LocalWeb w = web.get();
            if (w != null) w.close();
            agent.stop(cfg.uplink().drainOnStop());
            systemd.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            agent.start();
        } catch (Exception e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        LocalWeb w = LocalWeb.start(agent, cfg.web());
        if (w != null) {
            agent.webAddress(w.url());
            web.set(w);
        }
        stopped.await();
        return Main.OK;
    }
}
