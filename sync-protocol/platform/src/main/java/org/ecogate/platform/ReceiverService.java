package org.ecogate.platform;

import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.ReceiverCore;
import org.ecogate.sync.ReceiverStats;
import org.ecogate.sync.SinkException;
import org.ecogate.sync.SyncReceiver;

import java.io.IOException;
import java.net.URI;
import java.time.ZoneId;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The receiver service as platforms run it: MQTT (a shared subscription, so N instances split the load) into
 * PostgreSQL, with a loopback health/metrics endpoint. Stateless: everything it knows is in PostgreSQL, so any
 * instance may die and another takes over its gateways. Thread-safe. Trap: instances sharing the load must use the
 * same share group and distinct client ids.
 *
 * @see ReceiverMain the command line
 */
public final class ReceiverService implements AutoCloseable {
    /**
     * @param mqtt     broker, client id, keys, workers, share group
     * @param database {@code postgresql://user@host:port/db}
     * @param httpPort loopback port of /health and /metrics; 0 picks a free one, -1 none
     * @param webhook  where outage notices are POSTed, or null for none
     * @param zone     the plants' time zone for the notice texts
     */
    public record Options(ReceiverConfig mqtt, String database, int httpPort, URI webhook, ZoneId zone) {
        public Options(ReceiverConfig mqtt, String database, int httpPort) {
            this(mqtt, database, httpPort, null, ZoneId.of("Asia/Shanghai"));
        }
    }

    private final PgConnections pool;
    private final PgSink sink;
    private final MeteredSink meter;
    private final SyncReceiver receiver;
    private final MetricsServer http;
    private final NoticeDispatcher notices;
    private final Map<String, Supplier<Long>> extra = new LinkedHashMap<>();
    private final org.ecogate.sync.GatewayKeys keys;

    private ReceiverService(Options o) throws SinkException, IOException {
        pool = new PgConnections(o.database());
        keys = o.mqtt().keys();
        PgSink s = null;
        SyncReceiver r = null;
        MetricsServer h = null;
        NoticeDispatcher n = null;
        try {
            s = new PgSink(pool, o.webhook() == null ? null : new OutageNotice(o.zone()));
            meter = new MeteredSink(s);
            r = new SyncReceiver(o.mqtt(), meter);
            h = o.httpPort() < 0 ? null : new MetricsServer(o.httpPort(), this);
            n = o.webhook() == null ? null : new NoticeDispatcher(pool, o.webhook());
        } catch (SinkException | IOException | RuntimeException e) {
            if (h != null) h.close();
            if (r != null) r.close();
            pool.close();
            throw e;
        }
        sink = s;
        receiver = r;
        http = h;
        notices = n;
        if (n != null) {
            addCounter("ecogate_receiver_notices_delivered_total", n::delivered);
            addCounter("ecogate_receiver_notice_failures_total", n::failures);
        }
    }

    /** Opens the database (creating the schema), starts receiving and serving /metrics. */
    public static ReceiverService start(Options o) throws SinkException, IOException {
        ReceiverService svc = new ReceiverService(o);
        svc.receiver.start();
        return svc;
    }

    public ReceiverCore core() {
        return receiver.core();
    }

    public ReceiverStats stats() {
        return receiver.stats();
    }

    MeteredSink meter() {
        return meter;
    }

    long dropped() {
        return receiver.dropped();
    }

    public boolean connected() {
        return receiver.connected();
    }

    /** The port of /health and /metrics, or -1. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** Adds a counter to /metrics (e.g. notices sent). */
    public void addCounter(String name, Supplier<Long> value) {
        extra.put(name, value);
    }

    Map<String, Supplier<Long>> extraCounters() {
        return extra;
    }

    /**
     * Drops the raw reading partitions of UTC days before {@code firstKept} (events, gaps and summaries stay); returns
     * how many. Safe on every instance at once (partition DDL takes its own lock).
     */
    public int dropRawBefore(java.time.LocalDate firstKept) throws SinkException {
        return sink.dropRawBefore(firstKept);
    }

    /** Newest committed record time per gateway, from the database (the same on every instance). */
    java.util.Map<String, Long> newestCommitted() throws SinkException {
        return sink.newestCommitted();
    }

    /** Broker connections lost since start. */
    long disconnects() {
        return receiver.disconnects();
    }

    /** Key files or rows skipped as bad (what and why, never a key); empty when all are fine. */
    public java.util.List<String> keyProblems() {
        return keys.problems();
    }

    /** Null when healthy, else why not. */
    String unhealthyReason() {
        if (!receiver.connected()) return "not connected to the broker";
        Connection c = null;
        boolean broken = true;
        try {
            c = pool.borrow();
            try (Statement st = c.createStatement()) {
                st.setQueryTimeout(2);
                st.execute("SELECT 1");
            }
            broken = false;
            return null;
        } catch (SQLException e) {
            return "database " + pool + " unreachable: " + e.getMessage();
        } finally {
            pool.release(c, broken);
        }
    }

    /** The connection pool (for notices and tests). */
    PgConnections pool() {
        return pool;
    }

    @Override
    public void close() {
        if (notices != null) notices.close();
        if (http != null) http.close();
        receiver.close();
        sink.close();
    }
}
