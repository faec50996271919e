package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.sync.audit.SummaryCheck;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.SummaryAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/**
 * {@code ecogate audit}: recomputes every minute and hour summary of a time range from the buffered readings and
 * prints what differs; exit 1 on any difference. Read-only beside a running agent; the logic is in
 * {@link SummaryAudit}.
 */
@Command(mixinStandardHelpOptions = true, name = "audit",
        description = "Recompute the buffered minute/hour summaries from the buffered readings; exit 1 on any difference.")
public final class AuditCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    AgentFiles agent;

    @Option(names = "--from", paramLabel = "T", description = "summaries whose window starts at or after this time (ISO-8601 with offset, or epoch ms; default: all)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "... and before this time (default: all)")
    String to;

    @Option(names = "--json", description = "print JSON: {summaries, readings, differences: [{kind, subject, start, end, field, reported, recomputed}]}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Long fromMs = from == null ? Long.valueOf(0) : TimeArgs.parse("--from", from);
        Long toMs = to == null ? Long.valueOf(Long.MAX_VALUE) : TimeArgs.parse("--to", to);
        if (fromMs == null || toMs == null) return Main.INVALID;
        if (toMs <= fromMs) {
            System.err.println("error: --to must be after --from");
            return Main.INVALID;
        }
        AgentConfig cfg = agent.load();
        if (cfg == null) return Main.INVALID;
        Path file = cfg.source().resolve(cfg.buffer().path());
        SummaryAudit.Result r;
        try {
            r = SummaryAudit.run(file, cfg.detection().timezone(), fromMs, toMs);
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        ZoneOffset zone = agent.siteOffset();
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode n = m.createObjectNode();
            n.put("summaries", r.summaries());
            n.put("readings", r.readings());
            ArrayNode diffs = n.putArray("differences");
            for (SummaryCheck.Difference d : r.differences()) {
                ObjectNode o = diffs.addObject();
                o.put("kind", d.kind());
                o.put("subject", d.subject());
                o.put("start", d.start());
                o.put("end", d.end());
                o.put("field", d.field());
                o.put("reported", d.reported());
                o.put("recomputed", d.recomputed());
            }
            System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
        } else {
            if (!r.differences().isEmpty()) {
                System.out.printf("%-6s %-24s %-25s %-8s %22s %22s%n", "KIND", "SUBJECT", "WINDOW", "FIELD", "REPORTED", "RECOMPUTED");
                for (SummaryCheck.Difference d : r.differences()) {
                    System.out.printf("%-6s %-24s %-25s %-8s %22s %22s%n", d.kind(), d.subject(), BufferCommand.iso(d.start(), zone),
                            d.field(), d.reported(), d.recomputed());
                }
            }
            System.out.printf("audit: %,d summaries recomputed from %,d buffered readings: %d differences%n",
                    r.summaries(), r.readings(), r.differences().size());
        }
        return r.differences().isEmpty() ? Main.OK : Main.FAILURE;
    }
}
