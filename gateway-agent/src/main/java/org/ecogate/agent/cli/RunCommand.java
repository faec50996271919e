package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.Agent;
import org.ecogate.agent.runtime.InstanceLock;
import org.ecogate.agent.runtime.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
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
        try {
            cfg.uplink().requireKeyOrInsecure(config.toString());
        } catch (org.ecogate.agent.config.ConfigException e) {
            System.err.println("error: " + e.getMessage());
            return Main.INVALID;
        }
        Agent agent = new Agent(cfg, org.ecogate.agent.runtime.ClockService.system());
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
        // Any other way out of the JVM (System.exit elsewhere, SIGHUP without a handler) still stops the agent.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> agent.stop(cfg.uplink().drainOnStop()), "shutdown"));
        stop.await();
        agent.stop(cfg.uplink().drainOnStop());
        return Main.OK;
    }
}
