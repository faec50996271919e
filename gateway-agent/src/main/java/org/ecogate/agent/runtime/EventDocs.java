package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.StateChange;
import org.ecogate.agent.detect.Summary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector's output as the buffer keeps it (events and summaries as documents) and as the log tells it (one line
 * per state change and event). Stateless, thread-safe. Trap: a document's key decides de-duplication at the platform:
 * an event is keyed by its id (its start and end share it), a summary by kind and subject.
 */
public final class EventDocs {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's

    private EventDocs() {}

    public static List<Doc> docs(Output out) {
        if (out.events().isEmpty() && out.summaries().isEmpty()) return List.of();
        List<Doc> docs = new ArrayList<>(out.events().size() + out.summaries().size());
        for (Event e : out.events()) docs.add(new Doc(Buffer.EVENTS, e.id(), e.emittedAt(), DetectJson.write(e)));
        for (Summary s : out.summaries()) docs.add(new Doc(Buffer.SUMMARIES, s.kind() + ":" + s.subject(), s.start(), DetectJson.write(s)));
        return docs;
    }

    static void report(Output out) {
        for (StateChange c : out.changes()) {
            log.info("equipment \"{}\": {} -> {}", c.equipment(), c.from(), c.to());
        }
        for (Event e : out.events()) {
            String eq = e.equipment().stream().map(id -> e.equipmentStates().containsKey(id)
                    ? id + " (" + e.equipmentStates().get(id) + ")" : id).collect(java.util.stream.Collectors.joining(", "));
            String subject = e.facility() != null ? "facility " + e.facility() : e.point() != null ? "point " + e.point() : "";
            if (Event.WARNING.equals(e.type())) {
                log.warn("event {} {} {} {} level {} rolling average {} ({})", e.type(), e.status(), subject, e.point(),
                        e.level(), e.value(), e.id());
            } else {
                log.warn("event {} {} {} after {} s, equipment: {} ({})", e.type(), e.status(), subject,
                        e.durationSeconds(), eq, e.id());
            }
        }
    }
}
