package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.StatusFile;
import org.ecogate.agent.web.LocalWebClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ecogate values}: every point's latest value, quality, age and equipment state, from the running agent. */
@Command(mixinStandardHelpOptions = true, name = "values",
        description = "Every point's latest value, quality, age and equipment state, read from the running agent (not the buffer).")
final class ValuesCommand implements Callable<Integer> {
    @Mixin
    AgentFiles agent;

    @Option(names = "--json", description = "print JSON (times ISO-8601 with the site's offset)")
    boolean json;

    @Option(names = {"-w", "--watch"}, description = "print again every second until Ctrl-C")
    boolean watch;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = agent.load();
        if (cfg == null) return Main.INVALID;
        Path buffer = cfg.source().resolve(cfg.buffer().path());
        if (!AgentFiles.hasStatus(buffer)) return Main.UNREACHABLE;
        org.ecogate.sync.status.AgentStatus st = StatusFile.read(buffer);
        if (!StatusFile.isLive(st, System.currentTimeMillis())) {
            System.err.println("error: the agent of " + agent.config + " is not running (its status is "
                    + (System.currentTimeMillis() - st.updated()) / 1000 + " s old)");
            return Main.UNREACHABLE;
        }
        if (st.web() == null) {
            System.err.println("error: the running agent serves no local page (web.enabled: false, or it could not listen; see its log)");
            return Main.UNREACHABLE;
        }
        LocalWebClient client = new LocalWebClient(st.web(), cfg.web().password());
        boolean tty = System.console() != null;
        do {
            JsonNode v;
            try {
                v = client.get("api/values");
            } catch (IOException e) {
                System.err.println("error: cannot read values from " + st.web() + ": " + e.getMessage());
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
