package org.ecogate.agent.cli;

import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.DetectionConfigException;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.ReadingsCsv;
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
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "YAML with a detection section")
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
            try (java.io.BufferedReader in = Files.newBufferedReader(readings, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    org.ecogate.agent.model.Reading r = parser.line(n, line);
                    if (r == null) continue;
                    try {
                        replay.accept(r);
                    } catch (IllegalArgumentException e) {
                        throw new ReplayInputException(readings.toString(), n, e.getMessage());
                    }
                }
            }
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
