package org.ecogate.agent.detect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Test plant: fan1, cond1, esp1 treat the exhaust of production line line1; readings as the agent would poll them. */
public final class PlantSim {
    static final String YAML = """
            timezone: "+08:00"
            equipment:
              - {id: fan1, template: fan, debounce: 30s, offlineAfter: 15s}
              - {id: cond1, template: condenser, debounce: 30s, offlineAfter: 15s}
              - {id: esp1, template: esp, debounce: 30s, offlineAfter: 15s}
              - {id: line1, template: meter, debounce: 30s, offlineAfter: 15s}
            facilities:
              - {id: tf1, equipment: [fan1, cond1, esp1], production: [line1], grace: 60s}
            warnings:
              - {point: stack1.voc, limit: 60, window: 10m, levels: {warn: 0.8, alarm: 1.0}, hysteresis: 0.05, facility: tf1}
            summaries:
              counters: [line1.kwh]
            """;

    static final long T0 = OffsetDateTime.parse("2026-11-20T10:00:00+08:00").toInstant().toEpochMilli();

    public static DetectionConfig config() {
        return config(YAML);
    }

    public static DetectionConfig config(String yaml) {
        try {
            return DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree(yaml));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static long at(int minutes, int seconds) {
        return T0 + minutes * 60_000L + seconds * 1000L;
    }

    /** What each piece of equipment does at a given time. */
    interface Scenario {
        boolean line(long t);
        boolean fan(long t);
        boolean cond(long t);
        /** "run", "stop" or "abnormal" (energised but under its kV floor) */
        String esp(long t);
        default boolean online(String device, long t) { return true; }
    }

    static List<Reading> poll(Scenario s, long t) {
        List<Reading> r = new ArrayList<>();
        add(r, s, t, "line1.kw", s.line(t) ? 400 : 5);
        add(r, s, t, "line1.kwh", 1000 + (t - T0) / 10_000.0);
        add(r, s, t, "fan1.freq", s.fan(t) ? 49 : 0);
        add(r, s, t, "cond1.current", s.cond(t) ? 32 : 0);
        add(r, s, t, "cond1.outlet_temp", s.cond(t) ? 10 : 28);
        String esp = s.esp(t);
        add(r, s, t, "esp1.kv", esp.equals("run") ? 60 : esp.equals("abnormal") ? 25 : 0);
        add(r, s, t, "esp1.spark_rate", esp.equals("stop") ? 0 : 15);
        return r;
    }

    private static void add(List<Reading> r, Scenario s, long t, String point, double v) {
        String device = point.substring(0, point.indexOf('.'));
        r.add(s.online(device, t) ? Reading.good(point, t, v) : Reading.missing(point, t, Quality.COMM_FAULT));
    }

    /** Runs {@code s} from {@code from} to {@code to} (exclusive) with one poll per {@code stepMs}, ticking every second. */
    static List<Output> run(Detector d, Scenario s, long from, long to, long stepMs) {
        List<Output> out = new ArrayList<>();
        for (long t = from; t < to; t += 1000) {
            Output o = (t - from) % stepMs == 0 ? d.onReadings(poll(s, t), t) : d.tick(t);
            if (!o.isEmpty()) out.add(o);
        }
        return out;
    }

    static List<Event> events(List<Output> outs) {
        return outs.stream().flatMap(o -> o.events().stream()).toList();
    }

    private PlantSim() {}
}
