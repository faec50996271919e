package org.ecogate.sim.day;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.plant.PlantConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecogate-sim day}: renders a scenario offline as CSV readings with {@link DayRenderer}. Exit codes:
 * 0 ok, 1 the output could not be written, 2 invalid arguments or scenario file.
 *
 * <p>Holds no logic beyond parsing arguments. Trap: {@code --from}/{@code --to} are scenario times
 * (HH:MM[:SS] after scenario second 0, i.e. after {@code --start}); with {@code --start} at midnight they are
 * times of day.
 */
@Command(name = "day", mixinStandardHelpOptions = true,
        description = "Render a plant scenario offline as CSV readings (time,point,value,quality), "
                + "without sockets or real time.")
public final class DayCommand implements Callable<Integer> {

    /** The name that selects the bundled plant day instead of a file. */
    public static final String BUNDLED = "plant-day";
    /** Classpath resource of the bundled plant day. */
    public static final String BUNDLED_RESOURCE = "/scenarios/plant-day.yaml";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min|h)?");
    private static final Pattern CLOCK = Pattern.compile("(\\d{1,3}):(\\d{2})(?::(\\d{2}))?");

    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE",
            description = "plant config with a scenario (YAML), or '" + BUNDLED + "' for the bundled plant day")
    String scenario;

    @Option(names = "--step", defaultValue = "1s", paramLabel = "DURATION",
            description = "time between two readings of a point: e.g. 1s, 500ms, 1m (default: ${DEFAULT-VALUE})")
    String step;

    @Option(names = "--start", paramLabel = "DATETIME",
            description = "ISO-8601 date-time with offset of scenario second 0, e.g. 2026-11-20T00:00:00+08:00 "
                    + "(default: today's midnight in the local time zone)")
    String start;

    @Option(names = "--from", defaultValue = "00:00", paramLabel = "HH:MM",
            description = "first reading, as a scenario time HH:MM[:SS] (default: ${DEFAULT-VALUE})")
    String from;

    @Option(names = "--to", paramLabel = "HH:MM",
            description = "end (exclusive), as a scenario time HH:MM[:SS]; hours may exceed 24 "
                    + "(default: the scenario's duration, else 24:00)")
    String to;

    @Option(names = "--out", defaultValue = "-", paramLabel = "FILE",
            description = "CSV file to write, '-' for stdout (default: ${DEFAULT-VALUE})")
    String out;

    @Override
    public Integer call() {
        PrintWriter err = spec != null ? spec.commandLine().getErr() : new PrintWriter(System.err, true);
        PlantConfig cfg;
        long stepMs;
        long fromMs;
        long toMs;
        OffsetDateTime startTime;
        try {
            cfg = load(scenario);
            stepMs = parseDuration(step, "--step");
            fromMs = parseClock(from, "--from");
            toMs = to != null ? parseClock(to, "--to")
                    : Double.isNaN(cfg.duration()) ? 24 * 3_600_000L : Math.round(cfg.duration() * 1000);
            if (toMs < fromMs) {
                throw new IllegalArgumentException("--to " + (to == null ? "(default)" : to)
                        + " is before --from " + from);
            }
            startTime = start != null ? parseStart(start)
                    : LocalDate.now().atStartOfDay(ZoneId.systemDefault()).toOffsetDateTime();
        } catch (IllegalArgumentException e) { // PlantConfigException included
            err.println("error: " + e.getMessage());
            err.flush();
            return 2;
        }
        DayRenderer renderer = new DayRenderer(cfg);
        try {
            long rows;
            if (out.equals("-")) {
                Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
                rows = renderer.render(startTime, fromMs, toMs, stepMs, w);
            } else {
                try (Writer w = Files.newBufferedWriter(Path.of(out), StandardCharsets.UTF_8)) {
                    rows = renderer.render(startTime, fromMs, toMs, stepMs, w);
                }
            }
            err.println("day: " + rows + " rows (" + renderer.pointIds().size() + " points) from "
                    + from + " to " + (to == null ? "end" : to) + " every " + step + " to " + out);
            err.flush();
            return 0;
        } catch (IOException e) {
            err.println("error: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Loads a scenario file, or the bundled plant day for {@value #BUNDLED}. */
    static PlantConfig load(String scenario) {
        if (scenario.equals(BUNDLED) && !Files.exists(Path.of(scenario))) {
            try (InputStream in = DayCommand.class.getResourceAsStream(BUNDLED_RESOURCE)) {
                if (in == null) {
                    throw new PlantConfigException(BUNDLED_RESOURCE + ": not on the classpath");
                }
                return PlantConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                        "plant-day.yaml (bundled)");
            } catch (IOException e) {
                throw new PlantConfigException(BUNDLED_RESOURCE + ": cannot read: " + e.getMessage(), e);
            }
        }
        return PlantConfig.load(Path.of(scenario));
    }

    /** {@code 1s}, {@code 500ms}, {@code 1m}/{@code 1min}, {@code 1h}, or a plain number of seconds; in ms. */
    static long parseDuration(String text, String option) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(option + ": expected a duration like 1s, 500ms or 1m, got '"
                    + text + "'");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double ms = switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m", "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> throw new IllegalStateException(unit);
        };
        if (ms < 1 || ms != Math.rint(ms)) {
            throw new IllegalArgumentException(option + ": must be a whole number of milliseconds >= 1, got '"
                    + text + "'");
        }
        return (long) ms;
    }

    /** {@code HH:MM} or {@code HH:MM:SS} (hours may exceed 23) as milliseconds after scenario second 0. */
    static long parseClock(String text, String option) {
        Matcher m = CLOCK.matcher(text.trim());
        if (!m.matches() || Integer.parseInt(m.group(2)) > 59
                || (m.group(3) != null && Integer.parseInt(m.group(3)) > 59)) {
            throw new IllegalArgumentException(option + ": expected a time HH:MM or HH:MM:SS, got '" + text + "'");
        }
        long s = Long.parseLong(m.group(1)) * 3600 + Long.parseLong(m.group(2)) * 60
                + (m.group(3) == null ? 0 : Long.parseLong(m.group(3)));
        return s * 1000;
    }

    private static OffsetDateTime parseStart(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--start: expected an ISO-8601 date-time with offset, e.g. "
                    + "2026-11-20T00:00:00+08:00, got '" + text + "'");
        }
    }
}
