package org.ecogate.agent.runtime;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * Replays a readings file ({@link ReadingsCsv}) through the detector as the agent would run it, streaming: a week
 * of 1 s readings does not have to fit in the agent's small heap. Readings up to a minute out of order are put back
 * in order ({@link TimeOrder}: a buffer export interleaves devices by milliseconds). Not thread-safe; one run per instance.
 * Trap: {@link #zone()} is the offset of the file's first ISO time once read, the config's timezone before.
 */
public final class DetectionReplay {
    private final DetectionConfig cfg;
    private final Path readings;
    private final ReadingsCsv.Parser parser;
    private final java.util.Set<String> seen = new java.util.TreeSet<>();

    public DetectionReplay(DetectionConfig cfg, Path readings) {
        this.cfg = cfg;
        this.readings = readings;
        this.parser = new ReadingsCsv.Parser(readings.toString());
    }

    /** The points the file had readings of (the first 10,000), sorted: to warn about names the config does not know. */
    public java.util.Set<String> seenPoints() {
        return seen;
    }

    /** The zone to print times in: the readings' own offset (first ISO time), else the config's timezone. */
    public ZoneId zone() {
        return parser.offset() != null ? parser.offset() : cfg.timezone();
    }

    /** Runs the whole file; {@code onEmission} (may be null) sees each emission as it happens. */
    public Replay.Result run(Consumer<Event> onEmission) throws ReplayInputException, IOException {
        Replay replay = new Replay(cfg, onEmission);
        TimeOrder ordered = new TimeOrder(60_000, replay::accept);
        try (BufferedReader in = Files.newBufferedReader(readings, StandardCharsets.UTF_8)) {
            ReadingsCsv.stream(parser, in, r -> {
                if (seen.size() < 10_000) seen.add(r.point());
                ordered.accept(r);
            });
        }
        ordered.finish();
        return replay.finish();
    }
}
