package org.ecogate.platform.bench;

import org.ecogate.platform.PgConnections;
import org.ecogate.platform.PgProcess;
import org.ecogate.platform.PgSink;
import org.ecogate.platform.ReadingRows;
import org.ecogate.sim.load.SimGateway;
import org.ecogate.sync.SyncRecord;
import org.postgresql.PGConnection;

import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The storage half of {@link PlatformBenchmark}: one UTC day of G simulated gateways at 100 points/min stored as the
 * receiver stores live batches (one row per gateway and minute, the layout of {@link ReadingRows}), then bytes per
 * reading on disk and the median time of "one point, one day" and "one gateway, last hour". Not thread-safe.
 */
final class PlantDay {
    private static final int POINTS = 100;
    private static final int MINUTES = 1440;

    private PlantDay() {}

    /** Splits seq-ordered records into runs of one UTC day each. */
    static List<List<SyncRecord>> byDay(List<SyncRecord> rs) {
        List<List<SyncRecord>> out = new ArrayList<>();
        int from = 0;
        for (int i = 1; i <= rs.size(); i++) {
            if (i == rs.size() || day(rs.get(i).ts()) != day(rs.get(from).ts())) {
                out.add(rs.subList(from, i));
                from = i;
            }
        }
        return out;
    }

    private static long day(long ts) {
        return Math.floorDiv(ts, 86_400_000L);
    }

    /** The point dictionary rows of a raw load (names of the simulator: no quoting needed). */
    static void insertPoints(PgProcess pg, Map<String, Integer> ids) throws Exception {
        StringBuilder sb = new StringBuilder("INSERT INTO ecogate_point(id, name) VALUES ");
        ids.forEach((n, id) -> sb.append(sb.charAt(sb.length() - 1) == ' ' ? "" : ",").append('(').append(id).append(",'").append(n).append("')"));
        pg.psql(sb.toString());
    }

    static void run(PgProcess pg, int gateways) throws Exception {
        PlatformBenchmark.reset(pg);
        try (PgConnections pool = new PgConnections(pg.url())) {
            new PgSink(pool).close(); // the schema
        }
        LocalDate d = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        long day0 = d.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        PlatformBenchmark.ensurePartitions(pg, day0);
        Map<String, Integer> ids = new HashMap<>();
        long t0 = System.nanoTime();
        try (PgConnections pool = new PgConnections(pg.url()); Connection c = pool.borrow()) {
            c.setAutoCommit(false);
            PGConnection pgc = c.unwrap(PGConnection.class);
            for (int g = 1; g <= gateways; g++) {
                SimGateway gw = new SimGateway(String.format("day-%05d", g), 1, null, POINTS, g);
                for (int m = 0; m < MINUTES; m++) gw.tick(day0 + m * 60_000L + 250, 0);
                List<SyncRecord> all = gw.recordsAfter(SimGateway.READINGS, 0, Integer.MAX_VALUE);
                String prefix = ReadingRows.prefix(gw.id(), 1, SimGateway.READINGS);
                StringBuilder sb = new StringBuilder(all.size() * 16);
                for (int i = 0; i < all.size(); i += POINTS) { // one live batch per minute
                    List<SyncRecord> part = all.subList(i, i + POINTS);
                    for (SyncRecord r : part) ids.computeIfAbsent(r.point(), x -> ids.size() + 1);
                    ReadingRows.append(sb, prefix, 1, part, ids::get);
                }
                pgc.getCopyAPI().copyIn(ReadingRows.COPY, new StringReader(sb.toString()));
                c.commit();
            }
        }
        PlantDay.insertPoints(pg, ids);
        pg.psql("VACUUM ANALYZE");
        long readings = (long) gateways * POINTS * MINUTES;
        System.out.printf("plant day: %d gateways x %d points x %,d minutes = %,d readings loaded in %.1f s%n", gateways, POINTS, MINUTES,
                readings, (System.nanoTime() - t0) / 1e9);
        double bpr = PlatformBenchmark.bytesPerReading(pg);
        System.out.printf("%s stored size, plant day (one row per gateway-minute): %.1f bytes per reading incl. TOAST and indexes "
                + "(goal <= 64, moonshot <= 16)%n", bpr <= 64 ? "PASS" : "SHORT", bpr);
        String gw = String.format("day-%05d", (gateways + 1) / 2);
        String point = "fan1.freq";
        Instant from = Instant.ofEpochMilli(day0), to = from.plusSeconds(86_400);
        time(pg, "one point, one day", "SELECT ts, value FROM ecogate_point_readings(?, ?, ?, ?)", gw, from, to, point, MINUTES);
        time(pg, "one gateway, last hour", "SELECT point, ts, value FROM ecogate_readings(?, ?, ?)", gw, to.minusSeconds(3600), to, null,
                60 * POINTS);
    }

    private static void time(PgProcess pg, String what, String sql, String gw, Instant from, Instant to, String point, int expected) throws Exception {
        try (PgConnections pool = new PgConnections(pg.url()); Connection c = pool.borrow(); PreparedStatement ps = c.prepareStatement(sql)) {
            double[] ms = new double[7];
            int rows = 0;
            for (int k = 0; k < ms.length; k++) {
                int a = 1;
                ps.setString(a++, gw);
                if (point != null) ps.setString(a++, point);
                ps.setTimestamp(a++, java.sql.Timestamp.from(from));
                ps.setTimestamp(a, java.sql.Timestamp.from(to));
                long t = System.nanoTime();
                rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) rows++;
                }
                ms[k] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("query %-24s %,6d rows (expected %,d) in %6.1f ms (median of %d)%n", what + ":", rows, expected, ms[ms.length / 2], ms.length);
        }
    }
}
