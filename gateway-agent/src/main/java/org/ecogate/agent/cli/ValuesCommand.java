package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.RunningAgent;
import org.ecogate.agent.web.LocalWebClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate values}: every point's latest value, quality, age and equipment state, from the running agent. */
@Command(mixinStandardHelpOptions = true, name = "values",
        description = "Every point's latest value, quality, age and equipment state, read from the running agent (when it does not run: the last values in its buffer).")
final class ValuesCommand implements Callable<Integer> {
    @Mixin
    AgentFiles agent;

    @Option(names = "--json", description = "print JSON (times ISO-8601 with the site's offset)")
    boolean json;

    /** How far back a stopped agent's buffer is searched for each point's last value. */
    private static final int LAST_ROWS = 200_000;

    @Option(names = {"-w", "--watch"}, description = "print again every second until Ctrl-C")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        RunningAgent.Target t = agent.target();
        if (t == null) return Main.INVALID;
        RunningAgent.Seen seen = agent.seen(t);
        if (seen == null) return Main.UNREACHABLE;
        if (!seen.running()) return fromBuffer(t, seen);
        String web = seen.status().web();
        if (web == null) {
            System.err.println("error: the running agent serves no local page (web.enabled: false, or it could not listen; see its log)");
            return Main.UNREACHABLE;
        }
        LocalWebClient client = new LocalWebClient(web, t.password());
        boolean tty = System.console() != null;
        do {
            JsonNode v;
            try {
                v = client.get("api/values");
            } catch (IOException e) {
                System.err.println("error: cannot read values from " + web + ": " + e.getMessage());
                return Main.UNREACHABLE;
            }
            if (watch && tty) System.out.print("\033[H\033[2J");
            if (json) System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
            else print(v);
            System.out.flush();
            if (watch) Thread.sleep(1000);
        } while (watch);
        return Main.OK;
    }

    /** A stopped agent: the newest reading of each point in its buffer, said so on the first line. */
    private int fromBuffer(RunningAgent.Target t, RunningAgent.Seen seen) throws Exception {
        List<Inspection.Latest> latest;
        try {
            latest = RunningAgent.lastValues(t, LAST_ROWS);
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        ZoneId zone = seen.status().timezone() != null ? ZoneId.of(seen.status().timezone()) : agent.siteZone();
        long now = System.currentTimeMillis();
        ObjectNode v = new ObjectMapper().createObjectNode();
        v.put("gateway", seen.status().gateway());
        v.put("running", false);
        v.put("timezone", zone.getId());
        v.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(now).atZone(zone)));
        ArrayNode points = v.putArray("points");
        for (Inspection.Latest l : latest) {
            ObjectNode o = points.addObject();
            o.put("point", l.point());
            if (l.value() == null) o.putNull("value");
            else o.put("value", l.value());
            o.put("quality", l.quality().code());
            o.put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(l.ts()).atZone(zone)));
            o.put("ageSeconds", Math.max(0, (now - l.ts()) / 1000.0));
        }
        if (json) {
            System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(v));
        } else {
            System.out.println("the agent is NOT RUNNING: the last value of each point in its buffer " + t.buffer());
            print(v);
        }
        return Main.OK;
    }

    private static void print(JsonNode v) {
        System.out.printf("gateway %s, %s (site time)%n", v.path("gateway").asText(), LocalTimes.human(v.path("time").asText()));
        System.out.printf("%-24s %14s %-8s %-12s %6s  %-19s %s%n", "POINT", "VALUE", "UNIT", "QUALITY", "AGE", "TIME", "EQUIPMENT");
        for (JsonNode p : v.path("points")) {
            String value = p.path("value").isNull() ? "-" : Numbers.shortest(p.path("value").asDouble());
            System.out.printf("%-24s %14s %-8s %-12s %5ds  %-19s %s%n", p.path("point").asText(), value, p.path("unit").asText(""),
                    p.path("quality").asText(), Math.round(p.path("ageSeconds").asDouble()), LocalTimes.human(p.path("time").asText()),
                    p.path("equipmentState").asText(""));
        }
    }
}
