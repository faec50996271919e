package org.ecogate.agent.detect;

import org.ecogate.agent.model.Reading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded readings through a {@link Detector} as the agent would run it: readings sharing a
 * timestamp form one cycle, and the detector is ticked every second in between. Pure.
 */
public final class Replay {
    /** Every emission in order, and the final state of each event (open ones with their duration so far). */
    public record Result(List<Event> emitted, List<Event> finals, long endTime) {}

    public static final long TICK_MS = 1000;

    private Replay() {}

    public static Result run(DetectionConfig cfg, List<Reading> readings) {
        List<Reading> sorted = new ArrayList<>(readings);
        sorted.sort(Comparator.comparingLong(Reading::ts)); // stable: file order within a timestamp
        Detector d = new Detector(cfg);
        List<Event> emitted = new ArrayList<>();
        Map<String, Event> finals = new LinkedHashMap<>();
        long prev = Long.MIN_VALUE;
        int i = 0;
        while (i < sorted.size()) {
            long ts = sorted.get(i).ts();
            int j = i;
            while (j < sorted.size() && sorted.get(j).ts() == ts) j++;
            if (prev != Long.MIN_VALUE) {
                for (long t = prev + TICK_MS; t < ts; t += TICK_MS) collect(d.tick(t), emitted, finals);
            }
            collect(d.onReadings(sorted.subList(i, j), ts), emitted, finals);
            prev = ts;
            i = j;
        }
        for (Event open : d.openEvents()) finals.put(open.id(), open);
        return new Result(emitted, List.copyOf(finals.values()), prev);
    }

    private static void collect(Output o, List<Event> emitted, Map<String, Event> finals) {
        for (Event e : o.events()) {
            emitted.add(e);
            finals.put(e.id(), e);
        }
    }
}
