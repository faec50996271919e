package org.ecogate.agent.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.Settings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate config validate FILE}: checks a config without running it; {@code config defaults}: every setting. */
@Command(mixinStandardHelpOptions = true, name = "config", description = "Check configuration.",
        subcommands = {ConfigCommand.Validate.class, ConfigCommand.Defaults.class})
final class ConfigCommand {

    @Command(mixinStandardHelpOptions = true, name = "defaults", description = "Every setting: key, default, unit, range, description.")
    static final class Defaults implements Callable<Integer> {
        @Option(names = "--json", description = "print a JSON array")
        boolean json;

        /** One setting as printed by {@code --json}. */
        record Row(String key, @JsonProperty("default") String defaultValue, String unit, String range, String description) {}

        @Override
        public Integer call() throws Exception {
            List<Row> rows = Settings.ALL.stream()
                    .map(s -> new Row(s.key(), s.defaultText(), s.unit(), s.rangeText(), s.description())).toList();
            if (json) {
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(rows));
                return Main.OK;
            }
            int k = rows.stream().mapToInt(r -> r.key().length()).max().orElse(3);
            int d = rows.stream().mapToInt(r -> r.defaultValue().length()).max().orElse(7);
            int u = rows.stream().mapToInt(r -> r.unit().length()).max().orElse(4);
            int g = rows.stream().mapToInt(r -> r.range().length()).max().orElse(5);
            String fmt = "%-" + k + "s  %-" + d + "s  %-" + u + "s  %-" + g + "s  %s%n";
            System.out.printf(fmt, "KEY", "DEFAULT", "UNIT", "RANGE", "DESCRIPTION");
            for (Row r : rows) System.out.printf(fmt, r.key(), r.defaultValue(), r.unit(), r.range(), r.description());
            return Main.OK;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "validate", description = "Load and check a config file; print what it defines.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "FILE", description = "agent config (YAML)")
        Path file;

        @Override
        public Integer call() {
            try {
                AgentConfig cfg = ConfigLoader.load(file);
                cfg.uplink().requireKeyOrInsecure(file.toString());
                if (cfg.uplink().key() == null) {
                    System.err.println("warning: " + file + ": uplink.insecure: true: batches are sent UNSIGNED; anyone who can "
                            + "publish to the broker can forge this gateway's data");
                }
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
