package org.ecogate.agent.cli;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.DetectionConfigException;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Replay;
import org.ecogate.agent.runtime.DetectionReplay;
import org.ecogate.agent.runtime.ReplayInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /** Points in the file the config does not know, and a file without any point the rules use: said, not silent. */
    private void warnAboutPoints(DetectionConfig cfg, java.util.Set<String> seen, PrintWriter err) {
        java.util.Set<String> used = cfg.referencedPoints();
        java.util.Set<String> known = new java.util.HashSet<>(used);
        try { // a whole agent config also names the devices' points
            for (var d : ConfigLoader.load(config).devices()) for (var p : d.points()) known.add(d.id() + "." + p.name());
        } catch (org.ecogate.agent.config.ConfigException detectionOnly) {
            // a detection-only file: its rules name the points
        }
        List<String> unknown = seen.stream().filter(p -> !known.contains(p)).toList();
        if (!unknown.isEmpty()) {
            err.printf("warning: %s: %d point%s unknown to %s: %s%s%n", readings, unknown.size(),
                    unknown.size() == 1 ? " is" : "s are", config, String.join(", ", unknown.stream().limit(10).toList()),
                    unknown.size() > 10 ? ", ..." : "");
        }
        if (!used.isEmpty() && seen.stream().noneMatch(used::contains)) {
            err.printf("warning: %s has no reading of the points the rules use (%s%s): no event can come out of it%n", readings,
                    String.join(", ", new java.util.TreeSet<>(used).stream().limit(5).toList()), used.size() > 5 ? ", ..." : "");
        }
        err.flush();
    }

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
            DetectionReplay replay = new DetectionReplay(cfg, readings);
            Replay.Result r = replay.run(json ? null : e -> out.println(EventFormat.emission(e, replay.zone())));
            warnAboutPoints(cfg, replay.seenPoints(), err);
            if (json) {
                out.println(EventFormat.finalsJson(r.finals(), replay.zone()));
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
