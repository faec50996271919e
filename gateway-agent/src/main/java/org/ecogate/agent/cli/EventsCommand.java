package org.ecogate.agent.cli;

import org.ecogate.agent.runtime.RunningAgent;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.InspectionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate events [--open] [--since T] [--json]}: events stored in a (running) agent's buffer. */
@Command(mixinStandardHelpOptions = true, name = "events", description = "List outages, data gaps and warnings from the agent's buffer.")
final class EventsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    AgentFiles agent;

    @Option(names = "--open", description = "only events still open")
    boolean openOnly;

    @Option(names = "--since", paramLabel = "T", description = "events started at or after T (ISO-8601 with offset, or epoch ms)")
    String since;

    @Option(names = "--json", description = "JSON array (start/end as ISO-8601, end null while open)")
    boolean json;

    @Option(names = "--utc-offset", paramLabel = "OFFSET", description = "offset for printed times, e.g. +08:00 (default: the site's, detection.timezone)")
    String offset;

    @Override
    public Integer call() throws Exception {
        RunningAgent.Target target = agent.target();
        if (target == null) return Main.INVALID;
        long sinceMs = 0;
        if (since != null) {
            Long t = TimeArgs.parse("--since", since);
            if (t == null) return Main.INVALID;
            sinceMs = t;
        }
        ZoneOffset zone;
        try {
            zone = offset == null ? agent.siteOffset() : ZoneOffset.of(offset);
        } catch (Exception e) {
            System.err.println("error: --utc-offset '" + offset + "': not an offset such as +08:00 or Z");
            return Main.INVALID;
        }
        Path buffer = target.buffer();
        agent.noteOnly(target);
        List<Event> events;
        try {
            events = Inspection.events(buffer, sinceMs);
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        if (openOnly) events = events.stream().filter(Event::isOpen).toList();
        if (json) {
            System.out.println(EventFormat.jsonArray(events, zone));
        } else if (events.isEmpty()) {
            System.out.println("no events" + (openOnly ? " open" : "") + (since != null ? " since " + since : "")
                    + " (buffer " + buffer + ", " + Instant.now() + ")");
        } else {
            for (Event e : events) System.out.println(EventFormat.line(e, zone));
        }
        return Main.OK;
    }
}
