package org.ecogate.sim.demo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate-sim demo}: broker, plant, platform and agent on this machine; prints the delivery summary. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run plant, platform, a private broker and the agent; compare what arrived.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "30", description = "how long to poll (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--agent", defaultValue = "bin/ecogate", description = "agent launcher (default ${DEFAULT-VALUE})")
    String agent;

    @Option(names = "--agent-config", defaultValue = "gateway-agent/config/ecogate.yaml",
            description = "agent config to run (ports, broker and buffer are filled in) (default ${DEFAULT-VALUE})")
    Path agentConfig;

    @Option(names = "--plant-config", description = "plant config (default: the bundled demo plant)")
    Path plantConfig;

    @Option(names = "--out", defaultValue = "demo-out", description = "where buffer, store and logs are left (default ${DEFAULT-VALUE})")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1) {
            System.err.println("error: --seconds must be at least 1");
            return 2;
        }
        Demo demo = new Demo(new Demo.Options(seconds, List.of(agent), agentConfig, plantConfig, out), System.out);
        Demo.runWithShutdownHook(demo);
        return 0;
    }
}
