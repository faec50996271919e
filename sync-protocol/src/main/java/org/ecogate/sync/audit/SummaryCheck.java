package org.ecogate.sync.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit of minute and hour summaries (PROTOCOL.md 14.5): recomputes each from readings by its definition (the
 * samples with a value stamped in [start, end); a counter's increase counted from its previous sample when that lies
 * within one window before) and lists what differs. Documents of one label are added up (a step back can emit a label
 * twice). The gateway ({@code ecogate audit}) and the platform ({@code ecogate-sim audit}) run this same code. Feed
 * every summary first ({@link #summary}), then the readings in stored order ({@link #reading}), then {@link #finish}.
 * Not thread-safe. Trap: readings must start one window before the first summary, for counters.
 */
public final class SummaryCheck {
    /**
     * One difference: {@code field} is count, min, max, avg, delta, or "missing" (readings but no summary, for a window
     * that ended more than {@link #OPEN_MARGIN_MS} before the last stored reading).
     */
    public record Difference(String kind, String subject, long start, long end, String field, String reported, String recomputed) {}

    private static final class Acc {
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double delta;
        boolean counter;
    }

    private record Label(String kind, String subject, long start) implements Comparable<Label> {
        @Override
        public int compareTo(Label o) {
            int c = Long.compare(start, o.start);
            if (c != 0) return c;
            c = kind.compareTo(o.kind);
            return c != 0 ? c : subject.compareTo(o.subject);
        }
    }

    private final ZoneId zone;
    private final TreeMap<Label, Acc> reported = new TreeMap<>();
    private final Map<Label, Acc> recomputed = new HashMap<>();
    private final Map<String, double[]> last = new HashMap<>(); // point -> {ts, value} of its previous sample
    private final Map<String, Long> lastEnd = new HashMap<>();  // kind -> end of its latest summary
    private long checked;
    private long lastTs = Long.MIN_VALUE; // stamp of the last reading fed (storage order): the windows around it may be open

    /** A window ending less than this before the last stored reading may still be open (grace up to 5 min): not "missing". */
    static final long OPEN_MARGIN_MS = 300_000;

    public SummaryCheck(ZoneId zone) {
        this.zone = zone;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String MINUTE = "minute";
    static final String HOUR = "hour";

    /** One summary document's body (stream summaries); other kinds (ledger) are ignored. */
    public void summary(String body) throws java.io.IOException {
        JsonNode s = JSON.readTree(body);
        summary(s.path("kind").asText(), s.path("subject").asText(), s.path("start").asLong(), s.path("end").asLong(),
                s.path("count").asLong(), num(s, "min"), num(s, "max"), num(s, "avg"), num(s, "delta"));
    }

    private static Double num(JsonNode s, String f) {
        return s.hasNonNull(f) ? s.get(f).asDouble() : null;
    }

    /** One minute or hour summary; other kinds are ignored. */
    public void summary(String kind, String subject, long start, long end, long count, Double min, Double max, Double avg, Double delta) {
        if (!MINUTE.equals(kind) && !HOUR.equals(kind)) return;
        Acc a = reported.computeIfAbsent(new Label(kind, subject, start), k -> new Acc());
        checked++;
        a.count += count;
        if (count > 0) {
            a.min = Math.min(a.min, min);
            a.max = Math.max(a.max, max);
            a.sum += avg * count;
        }
        if (delta != null) {
            a.counter = true;
            a.delta += delta;
        }
        lastEnd.merge(kind, end, Math::max);
    }

    /** One stored reading; {@code hasValue}: its quality carries a value (good, time_untrusted). */
    public void reading(String point, long ts, Double value, boolean hasValue) {
        if (!hasValue || value == null || value.isNaN()) return;
        double v = value;
        lastTs = ts;
        double[] prev = last.put(point, new double[] {ts, v});
        for (String kind : lastEnd.keySet()) {
            ChronoUnit unit = MINUTE.equals(kind) ? ChronoUnit.MINUTES : ChronoUnit.HOURS;
            long start = start(unit, ts);
            long end = next(unit, start);
            if (end > lastEnd.get(kind)) continue; // a window not closed yet
            Acc a = recomputed.computeIfAbsent(new Label(kind, point, start), k -> new Acc());
            a.count++;
            a.min = Math.min(a.min, v);
            a.max = Math.max(a.max, v);
            a.sum += v;
            if (prev != null && prev[0] >= start - (end - start) && prev[0] <= ts) a.delta += v >= prev[1] ? v - prev[1] : v;
        }
    }

    /** Summaries checked so far. */
    public long checked() {
        return checked;
    }

    /** The differences, in window order; windows before {@code fromTs} (only there to prime counters) are skipped. */
    public List<Difference> finish(long fromTs) {
        List<Difference> out = new ArrayList<>();
        for (Map.Entry<Label, Acc> e : reported.entrySet()) {
            Label l = e.getKey();
            if (l.start < fromTs) continue;
            Acc r = e.getValue();
            Acc c = recomputed.getOrDefault(l, new Acc());
            long end = end(l);
            if (r.count != c.count) {
                out.add(new Difference(l.kind, l.subject, l.start, end, "count", Long.toString(r.count), Long.toString(c.count)));
                continue;
            }
            if (r.count == 0) continue;
            if (r.min != c.min) out.add(diff(l, end, "min", r.min, c.min));
            if (r.max != c.max) out.add(diff(l, end, "max", r.max, c.max));
            double ra = r.sum / r.count;
            double ca = c.sum / c.count;
            if (Math.abs(ra - ca) > 1e-9 * Math.max(1, Math.abs(ca))) out.add(diff(l, end, "avg", ra, ca));
            if (r.counter && Math.abs(r.delta - c.delta) > 1e-6 * Math.max(1, Math.abs(c.delta))) out.add(diff(l, end, "delta", r.delta, c.delta));
        }
        for (Map.Entry<Label, Acc> e : new TreeMap<>(recomputed).entrySet()) {
            Label l = e.getKey();
            if (l.start < fromTs || reported.containsKey(l) || reported.isEmpty() || l.start < reported.firstKey().start) continue;
            if (end(l) > lastTs - OPEN_MARGIN_MS) continue; // the agent may still be filling it (also after a step back)
            out.add(new Difference(l.kind, l.subject, l.start, end(l), "missing", "-", e.getValue().count + " samples"));
        }
        return out;
    }

    private long end(Label l) {
        return next(MINUTE.equals(l.kind) ? ChronoUnit.MINUTES : ChronoUnit.HOURS, l.start);
    }

    private long start(ChronoUnit unit, long t) {
        return Instant.ofEpochMilli(t).atZone(zone).truncatedTo(unit).toInstant().toEpochMilli();
    }

    private long next(ChronoUnit unit, long windowStart) {
        return Instant.ofEpochMilli(windowStart).atZone(zone).plus(1, unit).truncatedTo(unit).toInstant().toEpochMilli();
    }

    private static Difference diff(Label l, long end, String field, double reported, double recomputed) {
        return new Difference(l.kind, l.subject, l.start, end, field, Double.toString(reported), Double.toString(recomputed));
    }
}
