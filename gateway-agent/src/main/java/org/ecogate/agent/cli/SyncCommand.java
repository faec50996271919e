package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.runtime.RunningAgent;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.StatusFile;
import org.ecogate.agent.runtime.SyncView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ecogate sync status}: per stream last acknowledged seq, backlog records and bytes, oldest unacknowledged
 * time, drain rate and estimated time to drain: the runtime's {@link SyncView} of the running agent's status. On a terminal while draining it draws a progress
 * bar ({@code --watch}: redrawn every second until drained).
 */
@Command(mixinStandardHelpOptions = true, name = "sync", description = "Uplink synchronisation state.", subcommands = SyncCommand.Status.class)
public final class SyncCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Integer call() {
        System.err.println("usage: ecogate sync status --config FILE [--json] [--watch]");
        return Main.INVALID;
    }

    @Command(mixinStandardHelpOptions = true, name = "status", description = "Per stream: last acknowledged seq, backlog records and bytes, oldest "
            + "unacknowledged time, drain rate, estimated time to drain.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        AgentFiles agent;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Option(names = "--watch", description = "on a terminal: redraw every second until the backlog is drained")
        boolean watch;

        /** Per stream, the first backlog (records) seen by this command: the progress bar shows how much of it has drained. */
        final Map<String, Long> startBacklog = new HashMap<>();

        @Override
        public Integer call() throws Exception {
            RunningAgent.Target t = agent.target();
            if (t == null) return Main.INVALID;
            boolean tty = System.console() != null && !json;
            boolean first = true;
            while (true) {
                RunningAgent.Seen seen = first ? agent.seen(t) : quiet(t);
                first = false;
                if (seen == null) return Main.FAILURE;
                ObjectNode view = view(SyncView.of(seen.status(), System.currentTimeMillis(), seen.running()));
                if (json) {
                    System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(view));
                    return view.path("live").asBoolean() ? Main.OK : Main.FAILURE;
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = view.path("streams").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    long backlog = e.getValue().path("backlogRecords").asLong(-1);
                    if (backlog >= 0) startBacklog.putIfAbsent(e.getKey(), backlog);
                }
                String text = render(view, tty, startBacklog);
                if (tty && watch) System.out.print("\033[H\033[2J");
                System.out.print(text);
                System.out.flush();
                boolean draining = view.path("draining").asBoolean();
                if (!(tty && watch && draining && view.path("live").asBoolean())) {
                    return view.path("live").asBoolean() ? Main.OK : Main.FAILURE;
                }
                Thread.sleep(1000);
            }
        }

        /** The agent again, its note already printed once. */
        private static RunningAgent.Seen quiet(RunningAgent.Target t) {
            try {
                return RunningAgent.look(t, (url, password, path) -> new org.ecogate.agent.web.LocalWebClient(url, password).get(path));
            } catch (InspectionException e) {
                System.err.println("error: " + e.getMessage());
                return null;
            }
        }

        /** The per-stream view of a status file's JSON (the runtime computes it): package-visible for tests. */
        static ObjectNode view(JsonNode st) {
            return view(SyncView.of(StatusFile.fromTree(st), System.currentTimeMillis()));
        }

        private static ObjectNode view(SyncView v) {
            return JSON.valueToTree(v);
        }

        /**
         * The text view. On a terminal while draining, each stream with a backlog gets a progress bar: the drained share
         * of {@code startBacklog} (the backlog when the command started; without one, the current backlog, i.e. 0 %).
         */
        static String render(ObjectNode v, boolean tty, Map<String, Long> startBacklog) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("gateway %s: %s, uplink %s%n", v.path("gateway").asText(),
                    v.path("live").asBoolean() ? "running" : "NOT RUNNING", v.path("connected").asBoolean() ? "connected" : "DOWN"));
            sb.append(String.format("%-10s %12s %12s %14s %-24s %10s %10s%n", "stream", "acked", "backlog", "backlog bytes",
                    "oldest unacked (site)", "rate/s", "eta"));
            for (Iterator<Map.Entry<String, JsonNode>> it = v.path("streams").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode s = e.getValue();
                long backlog = s.path("backlogRecords").asLong();
                sb.append(String.format("%-10s %12d %12s %14s %-24s %10.1f %10s%n", e.getKey(), s.path("ackedThrough").asLong(),
                        backlog < 0 ? "?" : Long.toString(backlog),
                        s.path("backlogWireBytes").asLong() < 0 ? "?" : Long.toString(s.path("backlogWireBytes").asLong()),
                        s.path("oldestUnacked").isNull() || s.path("oldestUnacked").isMissingNode() ? "-" : LocalTimes.human(s.path("oldestUnacked").asText()),
                        s.path("drainRate").asDouble(), eta(s.path("etaSeconds").asLong())));
                if (tty && v.path("draining").asBoolean() && backlog > 0) {
                    long start = Math.max(startBacklog.getOrDefault(e.getKey(), backlog), backlog);
                    double done = Math.max(0, Math.min(1, 1 - (double) backlog / start));
                    int w = 40, fill = (int) Math.round(done * w);
                    sb.append(String.format("  [%s%s] %5.1f %%%n", "#".repeat(fill), ".".repeat(w - fill), done * 100));
                }
                if (s.path("liveAfter").asLong() > 0) {
                    sb.append(String.format("  live lane: records after seq %d go ahead of the backlog; the platform holds them through seq %d%n",
                            s.path("liveAfter").asLong(), Math.max(s.path("liveAfter").asLong(), s.path("liveThrough").asLong())));
                }
            }
            JsonNode l = v.path("link");
            if (l.isObject()) {
                sb.append(String.format("link: round trip %d ms, %.1f kB/s acknowledged, window %d kB; readings wait up to %.1f s to share a batch (uplink.latency)%n",
                        l.path("rttMs").asLong(), l.path("bytesPerSecond").asLong() / 1000.0, l.path("windowBytes").asLong() / 1000,
                        l.path("latencyMs").asLong() / 1000.0));
            }
            long now = System.currentTimeMillis();
            for (JsonNode d : v.path("delivery")) {
                sb.append(StatusLines.delivery(JSON.convertValue(d, org.ecogate.agentstatus.AgentStatus.Delivery.class), now,
                        v.path("live").asBoolean())).append(System.lineSeparator());
            }
            sb.append(UplinksFormat.lines(v.path("uplinks")));
            return sb.toString();
        }

        static String eta(long s) {
            if (s < 0) return "?";
            if (s < 120) return s + "s";
            if (s < 7200) return (s / 60) + "m";
            return (s / 3600) + "h" + (s % 3600 / 60) + "m";
        }
    }
}
