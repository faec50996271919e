package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.StatusFile;
import org.ecogate.sync.status.AgentStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate status}: health colour, equipment states, open events, devices, uplink and buffer of a running agent. */
@Command(mixinStandardHelpOptions = true, name = "status", description = "Show the running agent's health colour, equipment states, open events, devices, uplink and backlog.")
final class StatusCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    AgentFiles agent;

    @Option(names = "--json", description = "print the raw status JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Path buffer = agent.buffer();
        if (buffer == null) return Main.INVALID;
        if (!AgentFiles.hasStatus(buffer)) return Main.UNREACHABLE;
        AgentStatus st;
        try {
            st = Inspection.status(buffer);
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        long now = System.currentTimeMillis();
        boolean live = StatusFile.isLive(st, now);
        if (json) {
            ObjectNode tree = StatusFile.tree(st);
            tree.put("live", live);
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(tree));
            return live ? Main.OK : Main.UNREACHABLE; // not running: nothing to reach
        }
        System.out.printf("gateway %s (pid %d): %s%n", st.gateway(), st.pid(),
                live ? "running" : "NOT RUNNING (status is " + (now - st.updated()) / 1000 + " s old)");
        System.out.println("health: " + (st.health() != null ? st.health() : "n/a (no detection configured)"));
        if (st.equipment() != null && !st.equipment().isEmpty()) {
            StringBuilder sb = new StringBuilder("equipment:");
            st.equipment().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            System.out.println(sb);
        }
        List<Event> open = Inspection.openEvents(st);
        if (open.isEmpty()) System.out.println("open events: none");
        ZoneOffset zone = agent.siteOffset();
        for (Event ev : open) System.out.println("open: " + EventFormat.line(ev, zone));
        StringBuilder devs = new StringBuilder("devices:");
        if (st.devices() != null) st.devices().forEach((k, v) -> devs.append(' ').append(k).append('=').append(v));
        System.out.println(devs);
        AgentStatus.Uplink u = st.uplink() != null ? st.uplink() : new AgentStatus.Uplink(false, 0, 0, 0, 0, 0);
        AgentStatus.Buffer b = st.buffer() != null ? st.buffer() : new AgentStatus.Buffer(0, 0, 0, 0, 0, 0, 0);
        System.out.printf("uplink: %s, %d batches sent, %d resends, %d reconnects%n", u.connected() ? "connected" : "DOWN",
                u.batchesSent(), u.resends(), u.reconnects());
        System.out.print(UplinksFormat.lines(new ObjectMapper().valueToTree(st.uplinks() == null ? List.of() : st.uplinks())));
        if (st.web() != null) System.out.println("page: " + st.web() + " (ecogate values -c " + agent.config + " prints the same values)");
        if (st.lastReload() != null) {
            System.out.printf("last reload: %s %s%n", EventFormat.iso(st.lastReload().time(), zone), st.lastReload().message());
        }
        System.out.printf("buffer: %d readings, acknowledged through %d, backlog %d, %d bytes%n", b.rows(),
                b.ackedThrough(), b.backlog(), b.fileBytes());
        return live ? Main.OK : Main.UNREACHABLE; // not running: nothing to reach
    }
}
