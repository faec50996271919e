package org.ecogate.agent.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.Settings;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.runtime.Probe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate config validate [-c] FILE [--probe] [--json]}: checks a config without running it; {@code config defaults}: every setting. */
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

    @Command(mixinStandardHelpOptions = true, name = "validate",
            description = "Load and check a config file; print what it defines. --probe also reads every point of every device once.")
    static final class Validate implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Parameters(paramLabel = "FILE", arity = "0..1", description = "agent config (YAML)")
        Path file;

        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "agent config (YAML), instead of the FILE argument")
        Path config;

        @Option(names = "--probe", description = "reach every device and read every point once; print a table of values and errors")
        boolean probe;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Path f = config != null ? config : file;
            if (f == null || (config != null && file != null)) {
                System.err.println("error: name one config: ecogate config validate FILE (or -c FILE)");
                return Main.INVALID;
            }
            AgentConfig cfg;
            try {
                cfg = ConfigLoader.load(f);
                cfg.uplink().requireKeyOrInsecure(f.toString());
            } catch (ConfigException e) {
                if (json) {
                    ObjectNode o = JSON.createObjectNode().put("file", f.toString()).put("ok", false).put("error", e.getMessage());
                    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                }
                System.err.println("error: " + e.getMessage());
                return Main.INVALID;
            }
            if (cfg.uplink().key() == null) {
                System.err.println("warning: " + f + ": uplink.insecure: true: batches are sent UNSIGNED; anyone who can "
                        + "publish to the broker can forge this gateway's data");
            }
            // what loads may still be wrong on site: a Modicon address beside a table, a serial port that is not there
            List<org.ecogate.agent.config.ConfigLint.Finding> findings = org.ecogate.agent.config.ConfigLint.check(f.toString(),
                    java.nio.file.Files.readString(f), cfg, Path.of("/"));
            boolean portMissing = false;
            for (org.ecogate.agent.config.ConfigLint.Finding x : findings) {
                boolean error = probe && x.serialPort();
                portMissing |= error;
                System.err.println((error ? "error: " : "warning: ") + x.message());
            }
            if (portMissing) {
                System.err.println("error: not probing: a serial port of the config is missing (plug it in or fix the path, then probe again)");
                return Main.INVALID;
            }
            int points = cfg.devices().stream().mapToInt(d -> d.points().size()).sum();
            if (probe) org.ecogate.agent.runtime.log.AgentLog.configure(org.slf4j.event.Level.WARN, null, 0, 0); // why a device failed, not every connect
            List<Probe.Result> results = probe ? Probe.run(cfg, Clock.systemUTC()) : List.of();
            long unanswered = results.stream().filter(r -> r.reading().quality() == Quality.COMM_FAULT).count();
            long bad = results.stream().filter(r -> r.reading().quality() != Quality.GOOD).count();
            if (json) {
                ObjectNode o = JSON.createObjectNode().put("file", f.toString()).put("ok", true).put("gateway", cfg.gateway())
                        .put("devices", cfg.devices().size()).put("points", points).put("broker", cfg.uplink().broker())
                        .put("equipment", cfg.detection().equipment().size()).put("facilities", cfg.detection().facilities().size())
                        .put("warnings", cfg.detection().warnings().size());
                ArrayNode fa = o.putArray("findings");
                findings.forEach(x -> fa.add(x.message()));
                if (probe) {
                    ArrayNode a = o.putArray("probe");
                    for (Probe.Result r : results) {
                        ObjectNode p = a.addObject().put("point", r.point()).put("device", r.device()).put("quality", r.reading().quality().code());
                        if (r.reading().value() != null) p.put("value", r.reading().value());
                        else p.putNull("value");
                        if (r.unit() != null) p.put("unit", r.unit());
                    }
                }
                System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
            } else {
                System.out.printf("%s: ok: gateway %s, %d devices, %d points, uplink %s%s%s%n", f, cfg.gateway(),
                        cfg.devices().size(), points, cfg.uplink().broker(), cfg.detection().isEmpty() ? ""
                                : String.format(", detection: %d equipment, %d facilities, %d warnings",
                                cfg.detection().equipment().size(), cfg.detection().facilities().size(),
                                cfg.detection().warnings().size()),
                        cfg.uplinks().isEmpty() ? "" : ", HJ 212 uplinks: " + String.join(", ",
                                cfg.uplinks().stream().map(u -> u.name() + " (" + u.host() + ":" + u.port() + ")").toList()));
                if (probe) {
                    System.out.printf("%-24s %14s %-8s %s%n", "POINT", "VALUE", "UNIT", "QUALITY");
                    for (Probe.Result r : results) {
                        System.out.printf("%-24s %14s %-8s %s%n", r.point(), r.reading().value() == null ? "-" : Numbers.shortest(r.reading().value()),
                                r.unit() == null ? "" : r.unit(), r.reading().quality().code());
                    }
                    System.out.printf("probe: %d points read, %d good, %d not answered (comm_fault), %d refused or out of range%n",
                            results.size(), results.size() - bad, unanswered, bad - unanswered);
                }
            }
            return unanswered > 0 ? Main.UNREACHABLE : bad > 0 ? Main.FAILURE : Main.OK;
        }
    }
}
