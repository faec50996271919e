package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.Doc;

/**
 * The {@code clock_step} event: {@code {"type":"clock_step","from":..,"to":..,"size":..,"trusted":..,"at":..}}, in the
 * events stream so the platform learns that the wall clock jumped and can date earlier readings again. Stateless.
 */
public final class ClockSteps {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClockSteps() {
    }

    public static Doc doc(ClockService.Step step, boolean trustedAfter) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "clock_step");
        n.put("id", "clock_step-" + step.to());
        n.put("from", step.from());
        n.put("to", step.to());
        n.put("size", step.sizeMs());
        n.put("trusted", trustedAfter);
        n.put("at", step.to());
        return new Doc(Buffer.EVENTS, "clock_step-" + step.to(), step.to(), n.toString());
    }
}
