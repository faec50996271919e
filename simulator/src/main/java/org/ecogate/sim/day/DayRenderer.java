package org.ecogate.sim.day;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ecogate.sim.plant.DeviceCore;
import org.ecogate.sim.plant.DeviceSpec;
import org.ecogate.sim.plant.PlantConfig;
import org.ecogate.sim.plant.ScenarioTimeline;

/**
 * Renders a plant scenario offline as CSV readings, {@code time,point,value,quality}, without sockets and
 * without real time: the plant's own {@link DeviceCore}s (same models, same seeds) are stepped by a simulated
 * clock that starts at scenario second 0, and the scenario's events (flaps expanded, repeat honoured) are applied
 * at the first tick at or after their time. Device dynamics run in scenario time.
 *
 * <p>Rows: for every output time from {@code from} (inclusive) to {@code to} (exclusive) every {@code step},
 * one row per point of every device, devices in config order; point ids are {@code device.point}, e.g.
 * {@code fan1.freq}. A silenced device gives rows with an empty value and quality {@code comm_fault}; others
 * have quality {@code good}. Deterministic: the same config (seed), step and range give the same bytes.
 *
 * <p>Not thread-safe; each {@link #render} call simulates afresh from scenario second 0. Trap: the simulation
 * always starts at second 0 (so the state at {@code from} reflects the earlier events); rendering 23:00-24:00
 * costs as much simulation as 00:00-24:00, which is cheap (a day at 1 s is well under a second).
 */
public final class DayRenderer {

    /** The CSV header line. */
    public static final String HEADER = "time,point,value,quality";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private final PlantConfig config;

    /** A renderer for {@code config}'s devices and scenario. */
    public DayRenderer(PlantConfig config) {
        this.config = config;
    }

    /** The point ids in row order, e.g. {@code fan1.freq}. */
    public List<String> pointIds() {
        List<String> ids = new ArrayList<>();
        for (DeviceSpec d : config.devices()) {
            for (DeviceCore.Point p : DeviceCore.pointsOf(d.deviceType())) {
                ids.add(d.id() + "." + p.name());
            }
        }
        return ids;
    }

    /**
     * Writes the header and the rows from scenario millisecond {@code fromMs} (inclusive) to {@code toMs}
     * (exclusive) every {@code stepMs}; scenario second 0 is {@code start}.
     *
     * @return the number of data rows written
     */
    public long render(OffsetDateTime start, long fromMs, long toMs, long stepMs, Writer out) throws IOException {
        if (stepMs <= 0) {
            throw new IllegalArgumentException("step must be > 0 ms, got " + stepMs);
        }
        if (fromMs < 0 || toMs < fromMs) {
            throw new IllegalArgumentException("need 0 <= from <= to, got from " + fromMs + " ms, to " + toMs + " ms");
        }
        // Tick on a grid that holds every output time: 1 s, or finer when the step or the start of the range needs it.
        long tickMs = gcd(gcd(stepMs, 1000), fromMs == 0 ? 1000 : fromMs);
        double tickS = tickMs / 1000.0;
        List<DeviceCore> cores = new ArrayList<>();
        for (DeviceSpec d : config.devices()) {
            cores.add(new DeviceCore(d, config.seed()));
        }
        java.util.Map<String, DeviceCore> byId = new java.util.HashMap<>();
        cores.forEach(c -> byId.put(c.spec().id(), c));
        ScenarioTimeline.Cursor cursor = config.timeline().cursor();

        out.write(HEADER);
        out.write('\n');
        long rows = 0;
        StringBuilder line = new StringBuilder(64);
        for (long tMs = 0; tMs < toMs; tMs += tickMs) {
            double t = tMs / 1000.0;
            if (tMs > 0) {
                for (DeviceCore c : cores) {
                    c.step(t, tickS);
                }
            }
            while (cursor.nextTime() <= t + 1e-9) {
                ScenarioTimeline.Event e = cursor.next();
                byId.get(e.device()).apply(e.action(), e.value(), e.ramp());
            }
            if (tMs >= fromMs && (tMs - fromMs) % stepMs == 0) {
                String time = TIME.format(start.plusNanos(tMs * 1_000_000L));
                for (DeviceCore c : cores) {
                    String prefix = c.spec().id() + ".";
                    boolean silent = c.silent();
                    Map<String, Double> values = silent ? null : c.read();
                    for (DeviceCore.Point p : c.points()) {
                        line.setLength(0);
                        line.append(time).append(',').append(prefix).append(p.name()).append(',');
                        if (silent) {
                            line.append(",comm_fault\n");
                        } else {
                            line.append(format(values.get(p.name()), p.decimals())).append(",good\n");
                        }
                        out.append(line);
                        rows++;
                    }
                }
            }
        }
        out.flush();
        return rows;
    }

    /** Renders into a string (for tests and small ranges). */
    public String renderToString(OffsetDateTime start, long fromMs, long toMs, long stepMs) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            render(start, fromMs, toMs, stepMs, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

    /** {@code v} rounded half-up to {@code decimals} (0-6) places, e.g. {@code 49.07}; never "-0.00". */
    static String format(double v, int decimals) {
        if (Double.isNaN(v) || Double.isInfinite(v) || Math.abs(v) > 1e12) {
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }
        long scaled = Math.round(v * POW10[decimals]);
        if (decimals == 0) {
            return Long.toString(scaled);
        }
        StringBuilder b = new StringBuilder(16);
        if (scaled < 0) {
            b.append('-');
            scaled = -scaled;
        }
        String frac = Long.toString(scaled % POW10[decimals]);
        b.append(scaled / POW10[decimals]).append('.');
        b.append("000000", 0, decimals - frac.length()).append(frac);
        return b.toString();
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
