package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ecogate config validate FILE}: checks a config without running it. */
@Command(mixinStandardHelpOptions = true, name = "config", description = "Check configuration.", subcommands = {ConfigCommand.Validate.class})
final class ConfigCommand {

    @Command(mixinStandardHelpOptions = true, name = "validate", description = "Load and check a config file; print what it defines.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "agent config (YAML)")
        Path file;

        @Override
        public Integer call() {
            try {
                AgentConfig cfg = ConfigLoader.load(file);
                int points = cfg.devices().stream().mapToInt(d -> d.points().size()).sum();
                System.out.printf("%s: ok: gateway %s, %d devices, %d points, uplink %s%s%s%n", file, cfg.gateway(),
                        cfg.devices().size(), points, cfg.uplink().broker(), cfg.detection().isEmpty() ? ""
                                : String.format(", detection: %d equipment, %d facilities, %d warnings",
                                cfg.detection().equipment().size(), cfg.detection().facilities().size(),
                                cfg.detection().warnings().size()),
                        cfg.uplinks().isEmpty() ? "" : ", HJ 212 uplinks: " + String.join(", ",
                                cfg.uplinks().stream().map(u -> u.name() + " (" + u.host() + ":" + u.port() + ")").toList()));
                return Main.OK;
            } catch (ConfigException e) {
                System.err.println("error: " + e.getMessage());
                return Main.INVALID;
            }
        }
    }
}
