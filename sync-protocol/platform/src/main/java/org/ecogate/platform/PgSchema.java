package org.ecogate.platform;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's PostgreSQL schema: {@code ecogate_stream} (one row per (gateway, epoch, stream): watermark and live
 * range, the row receivers lock), readings in {@code ecogate_reading_batch} — one row per (commit, UTC day, lane)
 * holding the records as arrays (point ids of {@code ecogate_point}, millisecond offsets from {@code ts0}, values,
 * qualities only when not all {@code good}), lz4-compressed where the server has it, day partitions on {@code ts0}
 * (retention = DROP of a partition), a btree on (gateway, ts0) and a BRIN on ts0 — read through the view
 * {@code ecogate_reading} (gateway, epoch, stream, seq, point, ts, value, quality, lane) or, bounded by time, the
 * functions {@code ecogate_readings(gateway, from, to)} and {@code ecogate_point_readings(gateway, point, from, to)}; {@code ecogate_document} (events, gaps, summaries: kept when raw
 * partitions are dropped), {@code ecogate_notice} (outbox of outage notices). Thread-safe. Trap: exactly-once rests on
 * the stream row's compare-and-set alone (no unique key on the arrays): never write readings outside a commit.
 */
final class PgSchema {
    static final String DDL = """
            CREATE TABLE IF NOT EXISTS ecogate_stream (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL,
              committed_through bigint NOT NULL DEFAULT 0,
              live_after bigint NOT NULL DEFAULT 0, live_through bigint NOT NULL DEFAULT 0,
              updated_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (gateway, epoch, stream));
            ALTER TABLE ecogate_stream ADD COLUMN IF NOT EXISTS newest_ts timestamptz; -- newest record time committed
            DO $$ BEGIN
              IF EXISTS (SELECT 1 FROM pg_class WHERE relname = 'ecogate_reading' AND relkind IN ('r', 'p')) THEN
                ALTER TABLE ecogate_reading RENAME TO ecogate_reading_rows; -- the row-per-reading layout before issue 24
              END IF;
            END $$;
            CREATE TABLE IF NOT EXISTS ecogate_point (id serial PRIMARY KEY, name text NOT NULL UNIQUE);
            CREATE TABLE IF NOT EXISTS ecogate_reading_batch (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL, lane smallint NOT NULL,
              ts0 timestamptz NOT NULL, ts1 timestamptz NOT NULL, seq0 bigint NOT NULL, n int NOT NULL,
              seq_delta int8[], point int4[] NOT NULL, ts_ms int4[] NOT NULL, value float8[] NOT NULL, quality text[],
              received_at timestamptz NOT NULL DEFAULT now()
            ) PARTITION BY RANGE (ts0);
            CREATE INDEX IF NOT EXISTS ecogate_reading_batch_gw_ts ON ecogate_reading_batch (gateway, ts0);
            CREATE INDEX IF NOT EXISTS ecogate_reading_batch_ts ON ecogate_reading_batch USING brin (ts0);
            CREATE OR REPLACE VIEW ecogate_reading AS
              SELECT b.gateway, b.epoch, b.stream, b.seq0 + COALESCE(b.seq_delta[u.i], u.i - 1) AS seq, p.name AS point,
                     b.ts0 + u.ms * interval '1 millisecond' AS ts, u.v AS value, COALESCE(b.quality[u.i], 'good') AS quality,
                     b.lane, b.received_at
              FROM ecogate_reading_batch b
              CROSS JOIN LATERAL unnest(b.point, b.ts_ms, b.value) WITH ORDINALITY AS u(pid, ms, v, i)
              JOIN ecogate_point p ON p.id = u.pid;
            CREATE OR REPLACE FUNCTION ecogate_readings(gw text, t_from timestamptz, t_to timestamptz)
              RETURNS TABLE (gateway text, point text, ts timestamptz, value float8, quality text) LANGUAGE sql STABLE AS $f$
              SELECT b.gateway, p.name, b.ts0 + u.ms * interval '1 millisecond', u.v, COALESCE(b.quality[u.i], 'good')
              FROM ecogate_reading_batch b
              CROSS JOIN LATERAL unnest(b.point, b.ts_ms, b.value) WITH ORDINALITY AS u(pid, ms, v, i)
              JOIN ecogate_point p ON p.id = u.pid
              WHERE b.gateway = gw AND b.ts0 >= date_trunc('day', t_from AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 day'
                AND b.ts0 < t_to AND b.ts1 >= t_from
                AND b.ts0 + u.ms * interval '1 millisecond' >= t_from AND b.ts0 + u.ms * interval '1 millisecond' < t_to
            $f$;
            CREATE OR REPLACE FUNCTION ecogate_point_readings(gw text, pt text, t_from timestamptz, t_to timestamptz)
              RETURNS TABLE (ts timestamptz, value float8, quality text) LANGUAGE sql STABLE AS $f$
              SELECT b.ts0 + u.ms * interval '1 millisecond', u.v, COALESCE(b.quality[u.i], 'good')
              FROM ecogate_reading_batch b
              CROSS JOIN LATERAL unnest(b.point, b.ts_ms, b.value) WITH ORDINALITY AS u(pid, ms, v, i)
              WHERE b.gateway = gw AND b.ts0 >= date_trunc('day', t_from AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 day'
                AND b.ts0 < t_to AND b.ts1 >= t_from AND u.pid = (SELECT id FROM ecogate_point WHERE name = pt)
                AND b.ts0 + u.ms * interval '1 millisecond' >= t_from AND b.ts0 + u.ms * interval '1 millisecond' < t_to
            $f$;
            CREATE TABLE IF NOT EXISTS ecogate_document (
              gateway text NOT NULL, epoch bigint NOT NULL, stream text NOT NULL, seq bigint NOT NULL,
              key text NOT NULL, ts timestamptz NOT NULL, quality text NOT NULL, body text,
              lane smallint NOT NULL DEFAULT 0, received_at timestamptz NOT NULL DEFAULT now(),
              PRIMARY KEY (gateway, epoch, stream, seq));
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
                try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' "
                        + "AND 'lz4' = ANY(enumvals)")) {
                    rs.next();
                    if (rs.getLong(1) > 0) { // PostgreSQL 14+ built with lz4: faster than pglz at a similar ratio
                        for (String col : new String[] {"seq_delta", "point", "ts_ms", "value", "quality"}) {
                            st.execute("ALTER TABLE ecogate_reading_batch ALTER COLUMN " + col + " SET COMPRESSION lz4");
                        }
                    }
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(7265)");
            }
        }
    }

    /** Makes sure the daily partition holding {@code day} exists (autocommit connection; cached). */
    void ensurePartition(Connection c, LocalDate day) throws SQLException {
        if (partitions.contains(day)) return;
        String name = "ecogate_reading_batch_" + DAY.format(day);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(7266)");
            try {
                // a row is compressed once it exceeds 128 bytes (default ~2 kB): the arrays of a small live batch too
                st.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF ecogate_reading_batch FOR VALUES FROM ('"
                        + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00') WITH (toast_tuple_target = 128)");
            } finally {
                st.execute("SELECT pg_advisory_unlock(7266)");
            }
        }
        partitions.add(day);
    }

    /**
     * Drops the raw reading partitions of days before {@code firstKept} (UTC); events, gaps and summaries
     * ({@code ecogate_document}) are kept. Returns the partitions dropped.
     */
    int dropRawBefore(Connection c, LocalDate firstKept) throws SQLException {
        java.util.List<String> old = new java.util.ArrayList<>();
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent "
                        + "WHERE p.relname = 'ecogate_reading_batch'")) {
            while (rs.next()) {
                String n = rs.getString(1);
                if (n.matches("ecogate_reading_batch_\\d{8}") && LocalDate.parse(n.substring(22), DAY).isBefore(firstKept)) old.add(n);
            }
        }
        try (Statement st = c.createStatement()) {
            for (String n : old) {
                st.execute("DROP TABLE IF EXISTS " + n);
                partitions.remove(LocalDate.parse(n.substring(22), DAY));
            }
        }
        return old.size();
    }

    /** Forget the cache (after the database was replaced, e.g. restored). */
    void forget() {
        partitions.clear();
    }
}
