package org.ecogate.sim.plant;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A scenario expanded into the primitive events a device applies, in scenario time, sorted by time (ties keep
 * file order). A {@code flap} becomes {@code flap_begin} (remember the run state, toggle), {@code toggle}s every
 * period/2 and {@code flap_end} (restore the remembered run state) at {@code until}. With {@code repeat}, the
 * timeline loops every {@link #loopSeconds()}.
 *
 * <p>Used by both the live {@link Plant} (real time = scenario time / timeScale) and the offline day renderer
 * (simulated clock), so both play a scenario alike. Immutable; a {@link Cursor} walks it and is not thread-safe.
 */
public final class ScenarioTimeline {

    /** Primitive action: remember the run state and toggle it (start of a flap). */
    public static final String FLAP_BEGIN = "flap_begin";
    /** Primitive action: toggle the run state (during a flap). */
    public static final String TOGGLE = "toggle";
    /** Primitive action: restore the run state remembered at the start of the flap. */
    public static final String FLAP_END = "flap_end";

    /**
     * One primitive event: at scenario second {@code at} (within one loop), apply {@code action} to
     * {@code device}; {@code value} and {@code ramp} as in {@link ScenarioStep} (NaN when absent).
     */
    public record Event(double at, String device, String action, double value, double ramp) {
    }

    private final List<Event> events;
    private final boolean repeat;
    private final double loopSeconds;

    private ScenarioTimeline(List<Event> events, boolean repeat, double loopSeconds) {
        this.events = List.copyOf(events);
        this.repeat = repeat;
        this.loopSeconds = loopSeconds;
    }

    /** The timeline of {@code cfg}'s scenario, with its {@code repeat} and {@code duration}. */
    public static ScenarioTimeline of(PlantConfig cfg) {
        List<Event> events = new ArrayList<>();
        for (ScenarioStep s : cfg.scenario()) {
            if (s.action().equals("flap")) {
                double half = s.period() / 2;
                events.add(new Event(s.at(), s.device(), FLAP_BEGIN, Double.NaN, Double.NaN));
                for (long k = 1; s.at() + k * half < s.until(); k++) {
                    events.add(new Event(s.at() + k * half, s.device(), TOGGLE, Double.NaN, Double.NaN));
                }
                events.add(new Event(s.until(), s.device(), FLAP_END, Double.NaN, Double.NaN));
            } else {
                events.add(new Event(s.at(), s.device(), s.action(), s.value(), s.ramp()));
            }
        }
        events.sort(Comparator.comparingDouble(Event::at)); // stable: ties keep file order
        return new ScenarioTimeline(events, cfg.repeat(), cfg.loopSeconds());
    }

    /** The events of one loop, sorted by time. */
    public List<Event> events() {
        return events;
    }

    /** Whether the timeline loops. */
    public boolean repeat() {
        return repeat;
    }

    /** The length of one loop in scenario seconds ({@code duration}, or the end of the last step). */
    public double loopSeconds() {
        return loopSeconds;
    }

    /** A cursor at the first event of the first loop. */
    public Cursor cursor() {
        return new Cursor();
    }

    /** Walks the events in time order, loop after loop when the timeline repeats. */
    public final class Cursor {
        private long loop;
        private int index;

        private Cursor() {
        }

        /** The scenario time of the next event, or {@link Double#POSITIVE_INFINITY} when there is none. */
        public double nextTime() {
            normalise();
            if (index >= events.size()) {
                return Double.POSITIVE_INFINITY;
            }
            return loop * loopSeconds + events.get(index).at();
        }

        /** The next event (its {@code at} within its loop); call only when {@link #nextTime()} is finite. */
        public Event next() {
            normalise();
            if (index >= events.size()) {
                throw new IllegalStateException("scenario: no more events");
            }
            return events.get(index++);
        }

        private void normalise() {
            if (index >= events.size() && repeat && !events.isEmpty() && loopSeconds > 0) {
                loop++;
                index = 0;
            }
        }
    }
}
