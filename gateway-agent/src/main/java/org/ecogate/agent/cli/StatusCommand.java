package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.runtime.StatusFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;
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
        if (!AgentFiles.hasStatus(buffer)) return Main.FAILURE;
        JsonNode st = StatusFile.read(buffer);
        long age = System.currentTimeMillis() - st.path("updated").asLong();
        boolean live = age < 5000;
        if (json) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) st).put("live", live);
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(st));
            return live ? Main.OK : Main.FAILURE;
        }
        System.out.printf("gateway %s (pid %d): %s%n", st.path("gateway").asText(), st.path("pid").asLong(),
                live ? "running" : "NOT RUNNING (status is " + age / 1000 + " s old)");
        System.out.println("health: " + st.path("health").asText("n/a (no detection configured)"));
        JsonNode eq = st.path("equipment");
        if (eq.size() > 0) {
            StringBuilder sb = new StringBuilder("equipment:");
            for (Iterator<Map.Entry<String, JsonNode>> it = eq.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue().asText());
            }
            System.out.println(sb);
        }
        JsonNode open = st.path("openEvents");
        if (open.size() == 0) System.out.println("open events: none");
        ZoneOffset zone = agent.siteOffset();
        for (JsonNode ev : open) System.out.println("open: " + EventFormat.line(ev, zone));
        StringBuilder devs = new StringBuilder("devices:");
        for (Iterator<Map.Entry<String, JsonNode>> it = st.path("devices").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            devs.append(' ').append(e.getKey()).append('=').append(e.getValue().asText());
        }
        System.out.println(devs);
        JsonNode u = st.path("uplink");
        JsonNode b = st.path("buffer");
        System.out.printf("uplink: %s, %d batches sent, %d resends, %d reconnects%n", u.path("connected").asBoolean() ? "connected" : "DOWN",
                u.path("batchesSent").asLong(), u.path("resends").asLong(), u.path("reconnects").asLong());
        if (st.hasNonNull("web")) System.out.println("page: " + st.path("web").asText() + " (ecogate values -c " + agent.config + " prints the same values)");
        JsonNode reload = st.path("lastReload");
        if (reload.isObject()) {
            System.out.printf("last reload: %s %s%n", EventFormat.iso(reload.path("time").asLong(), zone), reload.path("message").asText());
        }
        System.out.printf("buffer: %d readings, acknowledged through %d, backlog %d, %d bytes%n", b.path("rows").asLong(),
                b.path("ackedThrough").asLong(), b.path("backlog").asLong(), b.path("fileBytes").asLong());
        return live ? Main.OK : Main.FAILURE;
    }
}
