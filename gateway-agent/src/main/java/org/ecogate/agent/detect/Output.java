package org.ecogate.agent.detect;

import java.util.List;

/** What one detector cycle produced: committed state changes, event emissions and closed summaries. */
public record Output(List<StateChange> changes, List<Event> events, List<Summary> summaries) {
    public static final Output EMPTY = new Output(List.of(), List.of(), List.of());

    public Output {
        changes = List.copyOf(changes);
        events = List.copyOf(events);
        summaries = List.copyOf(summaries);
    }

    public boolean isEmpty() {
        return changes.isEmpty() && events.isEmpty() && summaries.isEmpty();
    }
}
