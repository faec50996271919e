package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.sync.audit.SummaryCheck;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.LedgerAudit;
import org.ecogate.agent.runtime.SummaryAudit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ecogate audit}: recomputes every minute and hour summary of a time range from the buffered readings, and
 * every daily ledger (equipment run-hours, stops, longest stop) by replaying them through the detector, and prints
 * what differs; exit 1 on any difference. Read-only beside a running agent; the logic is in {@link SummaryAudit} and
 * {@link LedgerAudit}.
 */
@Command(mixinStandardHelpOptions = true, name = "audit",
        description = "Recompute the buffered minute/hour summaries and daily ledgers (run-hours) from the buffered readings; exit 1 on any difference.")
public final class AuditCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    AgentFiles agent;

    @Option(names = "--from", paramLabel = "T", description = "summaries whose window starts at or after this time (ISO-8601 with offset, or epoch ms; default: all)")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "... and before this time (default: all)")
    String to;

    @Option(names = "--json", description = "print JSON: {summaries, readings, ledgers, ledgerReadings, differences: [{kind, subject, start, end, field, reported, recomputed}]}")
    boolean json;

    @Override
    public Integer call() throws Exception {
        long[] range = TimeArgs.range(from, to);
        if (range == null) return Main.INVALID;
        AgentConfig cfg = agent.load();
        if (cfg == null) return Main.INVALID;
        Path file = cfg.source().resolve(cfg.buffer().path());
        SummaryAudit.Result r;
        LedgerAudit.Result l;
        try {
            r = SummaryAudit.run(file, cfg.detection().timezone(), range[0], range[1]);
            l = LedgerAudit.run(file, cfg.detection(), range[0], range[1]);
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return Main.FAILURE;
        }
        List<SummaryCheck.Difference> all = new ArrayList<>(r.differences());
        all.addAll(l.differences());
        ZoneOffset zone = agent.siteOffset();
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode n = m.createObjectNode();
            n.put("summaries", r.summaries());
            n.put("readings", r.readings());
            n.put("ledgers", l.ledgers());
            n.put("ledgerReadings", l.readings());
            ArrayNode diffs = n.putArray("differences");
            for (SummaryCheck.Difference d : all) {
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
            if (!all.isEmpty()) {
                System.out.printf("%-6s %-24s %-25s %-18s %22s %22s%n", "KIND", "SUBJECT", "WINDOW", "FIELD", "REPORTED", "RECOMPUTED");
                for (SummaryCheck.Difference d : all) {
                    System.out.printf("%-6s %-24s %-25s %-18s %22s %22s%n", d.kind(), d.subject(), BufferCommand.iso(d.start(), zone),
                            d.field(), d.reported(), d.recomputed());
                }
            }
            System.out.printf("audit: %,d summaries recomputed from %,d buffered readings, %,d ledgers (equipment run-hours) "
                    + "replayed from %,d: %d differences%n", r.summaries(), r.readings(), l.ledgers(), l.readings(), all.size());
        }
        return all.isEmpty() ? Main.OK : Main.FAILURE;
    }
}
