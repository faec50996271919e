package org.ecogate.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.ecogate.sync.ReceiverStats;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The receiver's loopback HTTP endpoint: {@code /health} (200 when connected to the broker and the database answers,
 * else 503 with the reason; a first line {@code degraded} and one line naming the bad key files when some were skipped) and {@code /metrics} (Prometheus text format). Thread-safe (one HTTP thread).
 * Trap: binds 127.0.0.1 only; put a reverse proxy in front to expose it.
 */
final class MetricsServer implements AutoCloseable {
    private final HttpServer http;
    private final ReceiverService svc;

    MetricsServer(int port, ReceiverService svc) throws IOException {
        this.svc = svc;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        http.createContext("/health", ex -> {
            String why = svc.unhealthyReason();
            java.util.List<String> bad = svc.keyProblems();
            String keys = bad.isEmpty() ? "" : "keys: " + bad.size() + " skipped (the other gateways are served): "
                    + String.join("; ", bad) + "\n";
            send(ex, why == null ? 200 : 503, (why == null ? bad.isEmpty() ? "ok\n" : "degraded\n" : why + "\n") + keys);
        });
        http.createContext("/metrics", ex -> send(ex, 200, render()));
        http.start();
    }

    int port() {
        return http.getAddress().getPort();
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        ex.sendResponseHeaders(code, b.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(b);
        }
    }

    String render() {
        StringBuilder sb = new StringBuilder(4096);
        ReceiverStats s = svc.stats();
        MeteredSink m = svc.meter();
        counter(sb, "ecogate_receiver_batches_total", "authentic batches received, redeliveries included", s.batches());
        counter(sb, "ecogate_receiver_records_stored_total", "records committed into the store", s.recordsStored());
        counter(sb, "ecogate_receiver_records_duplicate_total", "records received again after they were stored", s.recordsDuplicate());
        counter(sb, "ecogate_receiver_gaps_total", "batches answered gap (sender resends from the watermark)", s.gaps());
        counter(sb, "ecogate_receiver_gaps_avoided_total", "batches ahead of the store that became in order while held back", s.gapsAvoided());
        counter(sb, "ecogate_receiver_conflicts_total", "commits refused because another receiver moved the stream", s.conflicts());
        counter(sb, "ecogate_receiver_sink_failures_total", "batches answered busy because the store failed or was down", s.sinkFailures());
        counter(sb, "ecogate_receiver_dropped_total", "messages dropped on a full worker queue (resent by gateways)", svc.dropped());
        counter(sb, "ecogate_receiver_disconnects_total", "broker connections lost", svc.disconnects());
        gauge(sb, "ecogate_receiver_key_problems", "key files or rows skipped as bad (see /health)", svc.keyProblems().size());
        counter(sb, "ecogate_receiver_status_messages_total", "authentic gateway status messages", s.statusMessages());
        sb.append("# HELP ecogate_receiver_rejects_total messages rejected, by reason code\n# TYPE ecogate_receiver_rejects_total counter\n");
        for (Map.Entry<String, Long> e : new TreeMap<>(s.rejectedByReason()).entrySet()) {
            sb.append("ecogate_receiver_rejects_total{code=\"").append(e.getKey()).append("\"} ").append(e.getValue()).append('\n');
        }
        sb.append("# HELP ecogate_receiver_db_commit_seconds time of one store commit\n# TYPE ecogate_receiver_db_commit_seconds summary\n");
        sb.append("ecogate_receiver_db_commit_seconds_count ").append(m.commits.get()).append('\n');
        sb.append("ecogate_receiver_db_commit_seconds_sum ").append(m.commitNanos.get() / 1e9).append('\n');
        gauge(sb, "ecogate_receiver_db_commit_seconds_max", "slowest store commit since start", m.maxCommitNanos.get() / 1e9);
        gauge(sb, "ecogate_receiver_connected", "1 when connected to the broker", svc.connected() ? 1 : 0);
        // from the stream rows in PostgreSQL, not this instance's memory: every instance reports the same value
        Map<String, Long> newest;
        try {
            newest = svc.newestCommitted();
        } catch (org.ecogate.sync.SinkException e) {
            newest = Map.of(); // database down: no lag lines (ecogate_receiver_sink_failures_total tells)
        }
        sb.append("# HELP ecogate_gateway_lag_seconds now minus the newest record time committed (by any instance), per gateway\n")
                .append("# TYPE ecogate_gateway_lag_seconds gauge\n");
        long now = System.currentTimeMillis();
        for (Map.Entry<String, Long> e : newest.entrySet()) {
            sb.append("ecogate_gateway_lag_seconds{gateway=\"").append(e.getKey()).append("\"} ")
                    .append((now - e.getValue()) / 1000.0).append('\n');
        }
        for (Map.Entry<String, Supplier<Long>> e : svc.extraCounters().entrySet()) {
            counter(sb, e.getKey(), e.getKey().replace('_', ' '), e.getValue().get());
        }
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder sb, String name, String help, double v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(v).append('\n');
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
