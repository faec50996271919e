package org.ecogate.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers queued outage notices ({@code ecogate_notice}) to an HTTP webhook: POST of the notice JSON with header
 * {@code Idempotency-Key: <event id>:<status>}, marked delivered on a 2xx, else retried with exponential backoff
 * (2 s doubling to 5 min). Runs on its own thread and connection, so a slow or dead webhook never blocks ingestion;
 * several receivers share the outbox with {@code FOR UPDATE SKIP LOCKED}. Trap: a receiver killed between the POST
 * and the commit sends that notice again on restart: webhooks dedupe by the idempotency key.
 */
public final class NoticeDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NoticeDispatcher.class);

    private final PgConnections pool;
    private final URI webhook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Thread thread;
    private volatile boolean running = true;
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong failures = new AtomicLong();

    public NoticeDispatcher(PgConnections pool, URI webhook) {
        if (webhook.getScheme() == null || !webhook.getScheme().matches("https?")) {
            throw new IllegalArgumentException("webhook '" + webhook + "' must be an http:// or https:// URL");
        }
        this.pool = pool;
        this.webhook = webhook;
        thread = new Thread(this::loop, "notice-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    public long delivered() {
        return delivered.get();
    }

    public long failures() {
        return failures.get();
    }

    private void loop() {
        long downSince = 0; // one line when the outbox becomes unreachable, one when it is back (not one per 500 ms)
        while (running) {
            int n;
            try {
                n = round();
                if (downSince != 0) {
                    log.info("notices: outbox in {} reachable again after {} s", pool, (System.nanoTime() - downSince) / 1_000_000_000L);
                    downSince = 0;
                }
            } catch (SQLException e) {
                if (downSince == 0) {
                    downSince = System.nanoTime();
                    log.warn("notices: outbox in {} unreachable: {}; retrying", pool, e.getMessage());
                }
                n = 0;
            }
            if (n == 0) pause(500);
        }
    }

    /** Sends the due notices (up to 20, one transaction); returns how many were attempted. */
    int round() throws SQLException {
        Connection c = pool.borrow();
        boolean broken = true;
        try {
            c.setAutoCommit(false);
            int n = 0;
            try (PreparedStatement sel = c.prepareStatement("SELECT key, payload, attempts FROM ecogate_notice WHERE delivered_at IS NULL "
                    + "AND next_attempt_at <= now() ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED");
                 PreparedStatement ok = c.prepareStatement("UPDATE ecogate_notice SET delivered_at=now(), attempts=attempts+1, last_error=NULL WHERE key=?");
                 PreparedStatement bad = c.prepareStatement("UPDATE ecogate_notice SET attempts=attempts+1, last_error=?, "
                         + "next_attempt_at=now() + make_interval(secs => ?) WHERE key=?");
                 ResultSet rs = sel.executeQuery()) {
                while (rs.next() && running) {
                    n++;
                    String key = rs.getString(1);
                    String err = post(key, rs.getString(2));
                    if (err == null) {
                        ok.setString(1, key);
                        ok.executeUpdate();
                        delivered.incrementAndGet();
                    } else {
                        failures.incrementAndGet();
                        int attempts = rs.getInt(3) + 1;
                        double backoff = Math.min(300, 2 * Math.pow(2, Math.min(attempts - 1, 10)));
                        if (attempts <= 3 || attempts % 10 == 0) log.warn("notices: {} to {} failed (attempt {}): {}; retry in {} s", key, webhook, attempts, err, (long) backoff);
                        bad.setString(1, err);
                        bad.setDouble(2, backoff);
                        bad.setString(3, key);
                        bad.executeUpdate();
                    }
                }
            }
            c.commit();
            broken = false;
            return n;
        } finally {
            pool.release(c, broken);
        }
    }

    /** POSTs one notice; null on a 2xx, else the reason. */
    private String post(String key, String payload) {
        try {
            HttpRequest req = HttpRequest.newBuilder(webhook).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json; charset=utf-8").header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
            HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
            return r.statusCode() / 100 == 2 ? null : "HTTP " + r.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
            return "interrupted";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
