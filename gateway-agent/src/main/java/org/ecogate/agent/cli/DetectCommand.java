package org.ecogate.agent.cli;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.DetectionConfigException;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.ReadingsCsv;
import org.ecogate.agent.runtime.TimeOrder;
import org.ecogate.agent.detect.Replay;
import org.ecogate.agent.runtime.ReplayInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate detect --config FILE --readings FILE.csv [--json]}: replays recorded readings through the detector. */
@Command(mixinStandardHelpOptions = true, name = "detect", description = "Replay recorded readings through the detector and print the events.")
public final class DetectCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "YAML with a detection section")
    Path config;

    @Option(names = "--readings", required = true, paramLabel = "FILE.csv", description = "time,point,value[,quality] per line")
    Path readings;

    @Option(names = "--json", description = "print the final state of each event as a JSON array")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            DetectionConfig cfg = ConfigLoader.loadDetection(config);
            if (cfg.isEmpty()) {
                err.println("error: " + config + ": no detection section (equipment or warnings)");
                return Main.INVALID;
            }
            // Streams the file: a week of 1 s readings does not have to fit in the agent's small heap.
            ReadingsCsv.Parser parser = new ReadingsCsv.Parser(readings.toString());
            java.util.function.Supplier<ZoneId> zone = () -> parser.offset() != null ? parser.offset() : cfg.timezone();
            Replay replay = new Replay(cfg, json ? null : e -> out.println(EventFormat.emission(e, zone.get())));
            // readings a minute out of order are put back in order (a buffer export interleaves devices by milliseconds)
            java.util.Set<String> unknown = new java.util.TreeSet<>();
            java.util.Set<String> used = cfg.referencedPoints();
            java.util.Set<String> known = new java.util.HashSet<>(used);
            java.util.Set<String> usedSeen = new java.util.HashSet<>();
            try { // a whole agent config also names the devices' points
                for (var d : ConfigLoader.load(config).devices()) for (var p : d.points()) known.add(d.id() + "." + p.name());
            } catch (org.ecogate.agent.config.ConfigException detectionOnly) {
                // a detection-only file: its rules name the points
            }
            TimeOrder ordered = new TimeOrder(60_000, replay::accept);
            int n = 0;
            try (java.io.BufferedReader in = Files.newBufferedReader(readings, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    n++;
                    org.ecogate.agent.model.Reading r = parser.line(n, line);
                    if (r == null) continue;
                    if (!known.contains(r.point()) && unknown.size() < 1000) unknown.add(r.point());
                    if (used.contains(r.point())) usedSeen.add(r.point());
                    ordered.accept(r);
                }
                ordered.finish();
            } catch (IllegalArgumentException e) {
                throw new ReplayInputException(readings.toString(), n, e.getMessage());
            }
            if (!unknown.isEmpty()) {
                err.printf("warning: %s: %d point%s unknown to %s: %s%s%n", readings, unknown.size(),
                        unknown.size() == 1 ? " is" : "s are", config, String.join(", ", unknown.stream().limit(10).toList()),
                        unknown.size() > 10 ? ", ..." : "");
            }
            if (usedSeen.isEmpty() && !used.isEmpty()) {
                err.printf("warning: %s has no reading of the points the rules use (%s%s): no event can come out of it%n", readings,
                        String.join(", ", new java.util.TreeSet<>(used).stream().limit(5).toList()), used.size() > 5 ? ", ..." : "");
            }
            err.flush();
            Replay.Result r = replay.finish();
            if (json) {
                out.println(EventFormat.finalsJson(r.finals(), zone.get()));
            } else {
                List<Event> open = r.finals().stream().filter(Event::isOpen).toList();
                out.printf("%d event%s, %d still open at the end of the readings%n", r.finals().size(),
                        r.finals().size() == 1 ? "" : "s", open.size());
            }
            out.flush();
            return Main.OK;
        } catch (DetectionConfigException e) {
            err.println("error: " + config + ": " + (e.path().isEmpty() ? "" : "detection.") + e.getMessage());
        } catch (ReplayInputException e) {
            err.println("error: " + e.getMessage());
        } catch (NoSuchFileException e) {
            err.println("error: " + e.getFile() + ": file not found");
        } catch (IOException e) {
            err.println("error: cannot read: " + e.getMessage());
        }
        err.flush();
        return Main.INVALID;
    }
}
