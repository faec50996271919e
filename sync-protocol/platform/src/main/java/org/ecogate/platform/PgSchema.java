package org.ecogate.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's PostgreSQL schema: {@code ecogate_stream} (one row per (gateway, epoch, stream): watermark and live
 * range, the row receivers lock), {@code ecogate_reading} partitioned by day on {@code ts}, {@code ecogate_document}
 * (events, gaps, summaries), {@code ecogate_notice} (outbox of outage notices, one row per event id and status).
 * Thread-safe. Trap: a unique key on a partitioned table must contain the partition key,
 * so readings are unique by (gateway, epoch, stream, seq, ts); a record's ts never changes, so that is the
 * idempotency key (gateway, epoch, stream, seq) in practice, and the stream row lock keeps it exact.
 */
final class PgSchema {
    static final String DDL = """
            CREATE TABLE IF NOT EXISTS ecogate_stream (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL,
              committed_through bigint NOT NULL DEFAULT 0,
              live_after bigint NOT NULL DEFAULT 0, live_through bigint NOT NULL DEFAULT 0,
              updated_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (gateway, epoch, stream));
            CREATE TABLE IF NOT EXISTS ecogate_reading (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
              point text NOT NULL, ts timestamptz NOT NULL, value double precision, quality text NOT NULL,
              lane smallint NOT NULL DEFAULT 0, received_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (gateway, epoch, stream, seq, ts)
            ) PARTITION BY RANGE (ts);
            CREATE TABLE IF NOT EXISTS ecogate_document (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
              key text NOT NULL, ts timestamptz NOT NULL, quality text NOT NULL, body text,
              lane smallint NOT NULL DEFAULT 0, received_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (gateway, epoch, stream, seq));
            CREATE INDEX IF NOT EXISTS ecogate_reading_point_ts ON ecogate_reading (gateway, point, ts);
            CREATE TABLE IF NOT EXISTS ecogate_notice (
              key text PRIMARY KEY, gateway text NOT NULL, payload text NOT NULL,
              created_at timestamptz NOT NULL DEFAULT now(), attempts int NOT NULL DEFAULT 0,
              next_attempt_at timestamptz NOT NULL DEFAULT now(), delivered_at timestamptz, last_error text);
            CREATE INDEX IF NOT EXISTS ecogate_notice_due ON ecogate_notice (next_attempt_at) WHERE delivered_at IS NULL;
            """;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");

    private final Set<LocalDate> partitions = ConcurrentHashMap.newKeySet();

    void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(7265)"); // several receivers starting at once: one creates
            try {
                st.execute(DDL);
            } finally {
                st.execute("SELECT pg_advisory_unlock(7265)");
            }
        }
    }

    static LocalDate day(long tsMillis) {
        return Instant.ofEpochMilli(tsMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** Makes sure the daily partition holding {@code day} exists (autocommit connection; cached). */
    void ensurePartition(Connection c, LocalDate day) throws SQLException {
        if (partitions.contains(day)) return;
        String name = "ecogate_reading_" + DAY.format(day);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(7266)");
            try {
                st.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF ecogate_reading FOR VALUES FROM ('"
                        + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
            } finally {
                st.execute("SELECT pg_advisory_unlock(7266)");
            }
        }
        partitions.add(day);
    }

    /** Forget the cache (after the database was replaced, e.g. restored). */
    void forget() {
        partitions.clear();
    }
}
