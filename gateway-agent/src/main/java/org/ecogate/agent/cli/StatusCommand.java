package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.buffer.BufferReport;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.RunningAgent;
import org.ecogate.agent.runtime.StatusFile;
import org.ecogate.agentstatus.AgentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ecogate status}: whether the agent runs, health colour and why, facilities, equipment, open events, devices
 * with their last error, delivery per uplink and the buffer. The running agent's own state (over its page), else its
 * last status and its buffer; exit 0 while it runs, 3 when it does not.
 */
@Command(mixinStandardHelpOptions = true, name = "status", description = "Show whether the agent runs, its health colour and why, "
        + "facilities, equipment, open events, devices, delivery per uplink and backlog.")
final class StatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    AgentFiles agent;

    @Option(names = "--json", description = "print the status JSON (with running, and note when the file on disk differs)")
    boolean json;

    @Override
    public Integer call() throws Exception {
        RunningAgent.Target t = agent.target();
        if (t == null) return Main.INVALID;
        RunningAgent.Seen seen = agent.seen(t);
        if (seen == null) return Main.UNREACHABLE;
        AgentStatus st = seen.status();
        boolean running = seen.running();
        long now = System.currentTimeMillis();
        if (json) {
            ObjectNode tree = StatusFile.tree(st);
            tree.put("running", running);
            tree.put("live", running);
            if (seen.note() != null) tree.put("note", seen.note());
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
            return running ? Main.OK : Main.UNREACHABLE; // not running: nothing to reach
        }
        ZoneId zone = st.timezone() != null ? ZoneId.of(st.timezone()) : agent.siteZone();
        ZoneOffset offset = zone.getRules().getOffset(java.time.Instant.now());
        String how = running ? (AgentStatus.STOPPING.equals(st.state()) ? "STOPPING (draining, then it exits)" : "running") : AgentStatus.STOPPED.equals(st.state())
                ? "NOT RUNNING (stopped cleanly at " + StatusLines.time(st.updated(), zone) + ")"
                : "NOT RUNNING (process " + st.pid() + " is gone; last status " + StatusLines.time(st.updated(), zone) + ")";
        System.out.printf("gateway %s (pid %d): %s%n", st.gateway(), st.pid(), how);
        String lastKnown = running ? "" : " (last known)";
        System.out.println("health" + lastKnown + ": " + (st.health() != null ? st.health() : "n/a (no detection configured)"));
        if (st.healthReasons() != null) for (String r : st.healthReasons()) System.out.println("  why: " + r);
        if (st.facilities() != null) for (AgentStatus.Facility f : st.facilities()) System.out.println(StatusLines.facility(f, zone));
        if (st.equipment() != null && !st.equipment().isEmpty()) {
            StringBuilder sb = new StringBuilder("equipment" + lastKnown + ":");
            st.equipment().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            System.out.println(sb);
        }
        List<Event> open = Inspection.openEvents(st);
        if (open.isEmpty()) System.out.println("open events: none");
        for (Event ev : open) System.out.println("open: " + EventFormat.line(ev, offset));
        System.out.print(StatusLines.devices(st, zone));
        AgentStatus.Uplink u = st.uplink() != null ? st.uplink() : new AgentStatus.Uplink(false, 0, 0, 0, 0, 0);
        System.out.printf("uplink: %s, %d batches sent, %d resends, %d reconnects%n", !running ? "not running" : u.connected() ? "connected" : "DOWN",
                u.batchesSent(), u.resends(), u.reconnects());
        if (st.delivery() != null) for (AgentStatus.Delivery d : st.delivery()) System.out.println(StatusLines.delivery(d, now, running));
        System.out.print(UplinksFormat.lines(new ObjectMapper().valueToTree(st.uplinks() == null ? List.of() : st.uplinks())));
        if (st.web() != null && running) System.out.println("page: " + st.web() + " (ecogate values -c " + agent.config + " prints the same values)");
        if (st.lastReload() != null) {
            System.out.printf("last reload: %s %s%n", StatusLines.time(st.lastReload().time(), zone), st.lastReload().message());
        }
        if (running) {
            AgentStatus.Buffer b = st.buffer() != null ? st.buffer() : new AgentStatus.Buffer(0, 0, 0, 0, 0, 0, 0);
            System.out.printf("buffer: %d readings, acknowledged through %d, backlog %d, %d bytes%n", b.rows(),
                    b.ackedThrough(), b.backlog(), b.fileBytes());
        } else {
            try {
                BufferReport r = Inspection.buffer(t.buffer());
                BufferReport.Stream readings = r.streams().stream().filter(s -> s.stream().equals("readings")).findFirst().orElseThrow();
                System.out.printf("buffer (read now): %d readings, acknowledged through %d, backlog %d, %d bytes%n", readings.rows(),
                        readings.counters().ackedThrough(), readings.counters().backlog(), r.fileBytes());
            } catch (InspectionException e) {
                System.out.println("buffer: cannot read " + t.buffer() + ": " + e.getMessage());
            }
        }
        return running ? Main.OK : Main.UNREACHABLE; // not running: nothing to reach
    }
}
