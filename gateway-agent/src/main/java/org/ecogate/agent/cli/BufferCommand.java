package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.buffer.BufferReport;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.RunningAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;

/**
 * {@code ecogate buffer stats|export}: what the agent's buffer holds, and its records out of it (readings as CSV or JSON
 * lines, events, summaries and gaps as JSON lines), for technicians and auditors.
 * Read-only beside a running agent. Register with {@code subcommands = {..., BufferCommand.class}} in {@link Main}.
 */
@Command(mixinStandardHelpOptions = true, name = "buffer", description = "Inspect the agent's local buffer: stats, CSV export.",
        subcommands = {BufferCommand.Stats.class, BufferCommand.Export.class})
public final class BufferCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /** ISO-8601 with the site's offset (people read it; {@code detect} reads it back). */
    static String iso(long ms, ZoneOffset zone) {
        return ms <= 0 ? "-" : EventFormat.iso(ms, zone);
    }

    @Command(mixinStandardHelpOptions = true, name = "stats", description = "Rows, bytes, oldest record, and per stream: last seq, acknowledged, backlog.")
    static final class Stats implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        AgentFiles agent;

        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            RunningAgent.Target t = agent.target();
            if (t == null) return Main.INVALID;
            Path file = t.buffer();
            agent.noteOnly(t);
            BufferReport info;
            try {
                info = Inspection.buffer(file);
            } catch (InspectionException e) {
                System.err.println("error: " + e.getMessage());
                return Main.FAILURE;
            }
            if (json) {
                ObjectMapper m = new ObjectMapper();
                ObjectNode n = m.createObjectNode();
                n.put("file", info.file().toString());
                n.put("epoch", info.epoch());
                n.put("fileBytes", info.fileBytes());
                n.put("rows", info.rows());
                n.put("oldestTs", info.oldestTs());
                ArrayNode streams = n.putArray("streams");
                for (BufferReport.Stream s : info.streams()) {
                    ObjectNode sn = streams.addObject();
                    sn.put("stream", s.stream());
                    sn.put("rows", s.rows());
                    sn.put("lastSeq", s.counters().lastSeq());
                    sn.put("ackedThrough", s.counters().ackedThrough());
                    sn.put("backlog", s.counters().backlog());
                    sn.put("oldestTs", s.oldestTs());
                }
                System.out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(n));
                return Main.OK;
            }
            System.out.printf("buffer %s  epoch %d%n", info.file(), info.epoch());
            ZoneOffset zone = agent.siteOffset();
            System.out.printf("%,d rows  %,d bytes  oldest %s%n", info.rows(), info.fileBytes(), iso(info.oldestTs(), zone));
            System.out.printf("%-10s %14s %14s %14s %14s  %s%n", "STREAM", "ROWS", "LAST SEQ", "ACKED", "BACKLOG", "OLDEST");
            for (BufferReport.Stream s : info.streams()) {
                System.out.printf("%-10s %14d %14d %14d %14d  %s%n", s.stream(), s.rows(), s.counters().lastSeq(),
                        s.counters().ackedThrough(), s.counters().backlog(), iso(s.oldestTs(), zone));
            }
            return Main.OK;
        }
    }

    /** One line of {@code buffer export --json}. */
    record ExportedReading(long seq, long ts, String time, String point, Double value, String quality) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    @Command(mixinStandardHelpOptions = true, name = "export", description = "Readings between two times as CSV (time,point,value,quality) or JSON lines on stdout; "
            + "--stream events|summaries|gaps|all: those records as JSON lines.")
    static final class Export implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        AgentFiles agent;

        @Option(names = "--from", paramLabel = "T", description = "from this time on (ISO-8601 with offset, or epoch ms; default: the oldest)")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "up to, not including, this time (default: the newest)")
        String to;

        @Option(names = "--stream", paramLabel = "S", defaultValue = "readings",
                description = "readings (default), events, summaries, gaps, or all; other than readings: JSON lines "
                        + "{stream, seq, key, ts, time, body} (body: the record as stored; time of summaries: their window start)")
        String stream;

        @Option(names = "--point", paramLabel = "P", description = "only this point, e.g. fan1.freq")
        String point;

        @Option(names = "--csv", description = "CSV output (the default): time,point,value,quality, which `ecogate detect --readings` replays")
        boolean csv;

        @Option(names = "--json", description = "JSON lines instead: {seq, ts (epoch ms), time (ISO, site offset), point, value, quality} per reading")
        boolean json;

        @Override
        public Integer call() throws Exception {
            long[] range = TimeArgs.range(from, to);
            if (range == null) return Main.INVALID;
            long fromMs = range[0];
            long toMs = range[1];
            if (!"all".equals(stream) && !org.ecogate.agent.buffer.Buffer.STREAMS.contains(stream)) {
                System.err.println("error: --stream: unknown stream '" + stream + "' (known: readings, events, summaries, gaps, all)");
                return Main.INVALID;
            }
            Path file = agent.buffer();
            if (file == null) return Main.INVALID;
            boolean tty = System.console() != null;
            PrintStream err = System.err;
            ZoneOffset zone = agent.siteOffset();
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
            long n;
            try {
                if (!"readings".equals(stream)) {
                    n = exportDocs(file, fromMs, toMs, zone, out);
                    out.flush();
                    if (tty) err.printf("%,d records%n", n);
                    return Main.OK;
                }
                if (!json) out.write("time,point,value,quality\n");
                n = Inspection.export(file, fromMs, toMs, point, (seq, ts, p, value, q) -> {
                    if (json) {
                        out.write(JSON.writeValueAsString(new ExportedReading(seq, ts, iso(ts, zone), p, value, q.code())));
                        out.write('\n');
                        return;
                    }
                    out.write(iso(ts, zone));
                    out.write(',');
                    out.write(p);
                    out.write(',');
                    if (value != null) out.write(Double.toString(value));
                    out.write(',');
                    out.write(q.code());
                    out.write('\n');
                }, f -> {
                    if (tty) err.printf("\r[%-40s] %3d%%", "#".repeat((int) (f * 40)), (int) (f * 100));
                });
                out.flush();
            } catch (InspectionException e) {
                out.flush();
                System.err.println((tty ? "\n" : "") + "error: " + e.getMessage());
                return Main.FAILURE;
            }
            if (tty) err.printf("\r[%-40s] 100%%  %,d readings%n", "#".repeat(40), n);
            return Main.OK;
        }

        /** The documents of --stream (all: events, gaps, summaries, then readings) as JSON lines. */
        private long exportDocs(Path file, long fromMs, long toMs, ZoneOffset zone, BufferedWriter out) throws Exception {
            long n = 0;
            for (String s : org.ecogate.agent.buffer.Buffer.STREAMS) {
                if (!"all".equals(stream) && !s.equals(stream)) continue;
                if ("readings".equals(s)) {
                    n += Inspection.export(file, fromMs, toMs, point, (seq, ts, p, value, q) -> {
                        ObjectNode o = JSON.createObjectNode();
                        o.put("stream", "readings");
                        o.put("seq", seq);
                        o.put("key", p);
                        o.put("ts", ts);
                        o.put("time", iso(ts, zone));
                        o.set("body", JSON.valueToTree(new ExportedReading(seq, ts, iso(ts, zone), p, value, q.code())));
                        out.write(JSON.writeValueAsString(o));
                        out.write('\n');
                    }, f -> { });
                    continue;
                }
                n += Inspection.docs(file, s, fromMs, toMs, (st, seq, key, ts, body) -> {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("stream", st);
                    o.put("seq", seq);
                    o.put("key", key);
                    o.put("ts", ts);
                    o.put("time", iso(ts, zone));
                    o.set("body", JSON.readTree(body));
                    out.write(JSON.writeValueAsString(o));
                    out.write('\n');
                });
            }
            return n;
        }
    }
}
