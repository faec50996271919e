package org.ecogate.platform.bench;

import org.ecogate.sync.KeyDirectory;
import org.ecogate.platform.PgConnections;
import org.ecogate.platform.PgProcess;
import org.ecogate.platform.ReadingRows;
import org.ecogate.platform.ReceiverService;
import org.ecogate.sim.load.SimGateway;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.postgresql.PGConnection;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Records/s committed into PostgreSQL by 1, 2 and 3 receiver services (shared subscription, signed batches, drained from
 * a backlog of G live simulated gateways in this JVM; x1 also with the gateways' messages recorded before the clock and
 * replayed, {@link ReplayRun}) against raw COPY loops of the same rows into the same array layout (500 per transaction,
 * 1 and 3 connections, bytes ready and connections open before the clock) on a PostgreSQL tuned for bulk loading
 * (settings printed); one warm-up run, then the best of {@link #ROUNDS} rounds for each figure; per run the database
 * commits and CPU per component ({@link CpuMeter}). Then the storage cost (bytes per stored reading: relation sizes
 * incl. TOAST and indexes / readings) for those rows and for a plant day (100 points/min, one row per minute as live
 * batches), and the query time of "one point, one day" and "one gateway, last hour". Not thread-safe.
 * Usage: PlatformBenchmark [gateways=200] [records per gateway=2000] [plant-day gateways=10].
 */
public final class PlatformBenchmark {
    /** PostgreSQL's "Populating a Database" advice plus non-durable commits (stated in the output). */
    static final String[] TUNED = {"shared_buffers=512MB", "wal_buffers=64MB", "max_wal_size=8GB", "checkpoint_timeout=30min",
            "synchronous_commit=off", "maintenance_work_mem=256MB", "wal_level=minimal", "max_wal_senders=0"};

    /** Measured rounds (after one warm-up run); each figure printed is the best round. */
    static final int ROUNDS = 2;

    public static void main(String[] args) throws Exception {
        int gateways = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int cycles = (args.length > 1 ? Integer.parseInt(args[1]) : 2000) / 10;
        int dayGateways = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        System.out.printf("ecogate platform benchmark: %d gateways x %,d readings (10 points), batches of 500, signed%n", gateways, cycles * 10);
        System.out.println("PostgreSQL tuned for bulk loading: " + String.join(" ", TUNED));
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start(TUNED)) {
            // a first service run warms the JVM (JIT) and is not counted; then each figure is the best of ROUNDS runs,
            // service and raw COPY alike (the machine may be shared: the best run is the one least disturbed)
            System.out.println("warm-up (not counted):");
            serviceRun(broker, pg, gateways, cycles, 1);
            ReplayRun.run(broker, pg, gateways, cycles);
            double[] service = new double[4];
            double replay = 0, serviceBytes = 0, raw1 = 0, raw3 = 0, rawBytes = 0;
            for (int round = 1; round <= ROUNDS; round++) {
                System.out.printf("round %d of %d:%n", round, ROUNDS);
                replay = Math.max(replay, ReplayRun.run(broker, pg, gateways, cycles));
                serviceBytes = bytesPerReading(pg);
                for (int n = 1; n <= 3; n++) service[n] = Math.max(service[n], serviceRun(broker, pg, gateways, cycles, n));
                raw1 = Math.max(raw1, rawRun(pg, gateways, cycles, 1));
                rawBytes = bytesPerReading(pg);
                raw3 = Math.max(raw3, rawRun(pg, gateways, cycles, 3));
            }
            System.out.printf("best of %d rounds:%n", ROUNDS);
            System.out.printf("receiver service x1: %,10.0f records/s committed, gateways' messages replayed  (%.0f %% of raw COPY with 1 connection, "
                    + "%.0f %% with 3)%n", replay, 100 * replay / raw1, 100 * replay / raw3);
            for (int n = 1; n <= 3; n++) {
                System.out.printf("receiver service x%d: %,10.0f records/s committed, live gateways in this JVM  (%.0f %% of raw COPY with 1 connection, "
                        + "%.0f %% with 3)%n", n, service[n], 100 * service[n] / raw1, 100 * service[n] / raw3);
            }
            System.out.printf("raw COPY, 1 conn.:   %,10.0f records/s  (same rows, same array layout, 500 per transaction)%n", raw1);
            System.out.printf("raw COPY, 3 conn.:   %,10.0f records/s%n", raw3);
            System.out.printf("%s service x1 >= 50 %% of the tuned raw COPY (1 connection): %.0f %% (gateways' messages replayed; %.0f %% with live "
                    + "gateways sharing this machine's CPU)%n", replay >= 0.5 * raw1 ? "PASS" : "SHORT", 100 * replay / raw1, 100 * service[1] / raw1);
            System.out.printf("stored size, batches of 500: %.1f bytes per reading after service x1, %.1f after the raw COPY (incl. TOAST, indexes, point table)%n",
                    serviceBytes, rawBytes);
            PlantDay.run(pg, dayGateways);
            System.out.printf("gateways at 100 points/min one instance sustains: %,.0f (= %,.0f records/s x 60 / 100, live gateways)%n",
                    service[1] * 0.6, service[1]);
            System.out.printf("goal: one receiver instance sustains the province's 50,000 gateways at 100 points/min%n");
            System.out.printf("%s: one instance sustains %,.0f gateways%n", service[1] * 0.6 >= 50_000 ? "PASS" : "SHORT", service[1] * 0.6);
        }
    }

    /** Size of the reading partitions (heap, TOAST, indexes) and the point table per reading stored. */
    static double bytesPerReading(PgProcess pg) throws Exception {
        long bytes = Long.parseLong(pg.psql("SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) + pg_total_relation_size('ecogate_point') "
                + "FROM pg_inherits WHERE inhparent = 'ecogate_reading_batch'::regclass"));
        long n = Long.parseLong(pg.psql("SELECT coalesce(sum(n), 0) FROM ecogate_reading_batch"));
        return (double) bytes / Math.max(1, n);
    }

    static void reset(PgProcess pg) throws Exception {
        try (PgConnections pool = new PgConnections(pg.url()); Connection c = pool.borrow(); Statement st = c.createStatement()) {
            st.execute("DROP VIEW IF EXISTS ecogate_reading CASCADE");
            st.execute("DROP TABLE IF EXISTS ecogate_stream, ecogate_reading_batch, ecogate_point, ecogate_document, ecogate_notice, "
                    + "ecogate_reading_rows CASCADE");
        }
    }

    /**
     * The gateways' ack timeout here: longer than any drain, so a gateway whose batches merely wait in the receiver's
     * queue behind the other gateways' backlogs does not resend them (the load generator's 5 s default made the
     * receivers decode and answer up to 84 % of the records twice: work the benchmark caused, not the service).
     */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    /** Simulated gateways (keys in {@code keys}) with a backlog, and their epoch. */
    record Gateways(List<SimGateway> list, long epoch, Path keys) {}

    /** {@code n} signed gateways of 10 points as the load generator makes them, each with {@code cycles} 10 ms cycles buffered. */
    static Gateways gateways(int n, int cycles) throws Exception {
        Path keys = Files.createTempDirectory("bench-keys");
        Random rnd = new Random(5);
        long epoch = System.currentTimeMillis();
        List<SimGateway> gws = new ArrayList<>();
        for (int g = 1; g <= n; g++) {
            String id = String.format("bn-%05d", g);
            byte[] raw = new byte[16];
            rnd.nextBytes(raw);
            String hex = HexFormat.of().formatHex(raw);
            Files.writeString(keys.resolve(id + ".key"), hex + "\n");
            gws.add(new SimGateway(id, epoch, hex.getBytes(StandardCharsets.UTF_8), 10, rnd.nextLong()));
        }
        long now = System.currentTimeMillis();
        for (int c = cycles; c > 0; c--) for (SimGateway g : gws) g.tick(now - c * 10L, 0);
        return new Gateways(gws, epoch, keys);
    }

    /** A started sender of {@code g} to {@code broker}. */
    static SyncSender sender(MosquittoProcess broker, long epoch, SimGateway g) {
        SyncSender s = new SyncSender(SenderConfig.builder(broker.url(), g.id()).clientId(g.id()).epoch(epoch)
                .streams(SimGateway.EVENTS, SimGateway.READINGS).ackTimeout(ACK_TIMEOUT).key(g.key()).build(), g);
        s.start();
        return s;
    }

    /** {@code n} receiver services sharing the load, connected. */
    static List<ReceiverService> receivers(MosquittoProcess broker, PgProcess pg, Gateways gws, int n) throws Exception {
        List<ReceiverService> rx = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                rx.add(ReceiverService.start(new ReceiverService.Options(ReceiverConfig.builder(broker.url()).clientId("bench-" + i)
                        .keys(new KeyDirectory(gws.keys())).workers(WORKERS).shareGroup("bench").build(), pg.url(), 0)));
            }
            while (!rx.stream().allMatch(ReceiverService::connected)) Thread.sleep(20);
            return rx;
        } catch (Exception | Error e) {
            for (ReceiverService r : rx) r.close();
            throw e;
        }
    }

    /** Prints the receivers' database commits: how many, their mean size and time, their share of the workers' time. */
    static void commitLine(List<ReceiverService> rx, double s) throws Exception {
        double commits = 0, commitSeconds = 0, stored = 0;
        for (ReceiverService r : rx) {
            commits += metric(r, "ecogate_receiver_db_commit_seconds_count");
            commitSeconds += metric(r, "ecogate_receiver_db_commit_seconds_sum");
            stored += r.stats().recordsStored();
        }
        System.out.printf("    %,.0f database commits (%,.0f records each on average), %.2f ms each = %.0f %% of the %d receiver workers' time%n",
                commits, stored / Math.max(1, commits), 1000 * commitSeconds / Math.max(1, commits),
                100 * commitSeconds / (s * WORKERS * rx.size()), WORKERS * rx.size());
    }

    static double serviceRun(MosquittoProcess broker, PgProcess pg, int gateways, int cycles, int instances) throws Exception {
        reset(pg);
        Gateways gws = gateways(gateways, cycles);
        List<ReceiverService> rx = receivers(broker, pg, gws, instances);
        List<SyncSender> tx = new ArrayList<>();
        try {
            long total = (long) gateways * cycles * 10;
            CpuMeter cpu = new CpuMeter(pg);
            System.gc(); // the backlog just made is moved to the old generation now, not by the first collections in the run
            Map<String, Long> cpu0 = cpu.snapshot();
            long t0 = System.nanoTime();
            for (SimGateway g : gws.list()) tx.add(sender(broker, gws.epoch(), g));
            // acknowledged through the last seq (O(1); backlog() counts the held records, which costs CPU the service needs)
            while (gws.list().stream().anyMatch(g -> g.ackedThrough(SimGateway.READINGS) < g.lastSeq(SimGateway.READINGS))) Thread.sleep(20);
            double s = (System.nanoTime() - t0) / 1e9;
            String cpuLine = cpu.since(cpu0, s);
            long stored = rx.stream().mapToLong(r -> r.stats().recordsStored()).sum();
            long sent = tx.stream().mapToLong(t -> t.stats().recordsSent()).sum();
            long resends = tx.stream().mapToLong(t -> t.stats().resends()).sum();
            System.out.printf("  service x%d, live simulated gateways in this JVM: %,d records in %.2f s (stored %,d, resent %,d records in %,d resends; "
                    + "ack timeout %d s)%n", instances, total, s, stored, sent - total, resends, ACK_TIMEOUT.toSeconds());
            commitLine(rx, s);
            System.out.println("    " + cpuLine);
            return total / s;
        } finally {
            for (SyncSender t : tx) t.close();
            for (ReceiverService r : rx) r.close();
        }
    }

    static final int WORKERS = 4;

    /** A value of the service's /metrics. */
    static double metric(ReceiverService r, String name) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) if (line.startsWith(name + " ")) return Double.parseDouble(line.substring(name.length() + 1).trim());
        throw new IllegalStateException("no " + name + " in /metrics");
    }

    static double rawRun(PgProcess pg, int gateways, int cycles, int connections) throws Exception {
        reset(pg);
        try (PgConnections pool = new PgConnections(pg.url())) {
            new org.ecogate.platform.PgSink(pool).close(); // the same schema
        }
        // the same rows: one simulated gateway's backlog per gateway, 500 per COPY and transaction, as array rows
        List<byte[]> chunks = new ArrayList<>(); // COPY text, encoded before the clock starts
        long epoch = System.currentTimeMillis();
        java.util.Map<String, Integer> ids = new java.util.HashMap<>();
        for (int g = 1; g <= gateways; g++) {
            SimGateway gw = new SimGateway(String.format("raw-%05d", g), epoch, null, 10, g);
            long now = System.currentTimeMillis();
            for (int c = cycles; c > 0; c--) gw.tick(now - c * 10L, 0);
            List<SyncRecord> all = gw.recordsAfter(SimGateway.READINGS, 0, Integer.MAX_VALUE);
            String prefix = ReadingRows.prefix(gw.id(), epoch, SimGateway.READINGS);
            for (int i = 0; i < all.size(); i += 500) {
                List<SyncRecord> part = all.subList(i, Math.min(all.size(), i + 500));
                for (SyncRecord r : part) ids.computeIfAbsent(r.point(), x -> ids.size() + 1);
                StringBuilder sb = new StringBuilder();
                for (List<SyncRecord> day : PlantDay.byDay(part)) ReadingRows.append(sb, prefix, 0, day, ids::get);
                chunks.add(sb.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        PlantDay.insertPoints(pg, ids);
        long total = (long) gateways * cycles * 10;
        ensurePartitions(pg, epoch);
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        List<PgConnections> pools = new ArrayList<>();
        List<Connection> conns = new ArrayList<>();
        try {
            for (int k = 0; k < connections; k++) { // connected before the clock starts, as the service's pool is
                pools.add(new PgConnections(pg.url()));
                conns.add(pools.get(k).borrow());
                conns.get(k).setAutoCommit(false);
            }
            CpuMeter cpu = new CpuMeter(pg);
            System.gc(); // as for the service run
            Map<String, Long> cpu0 = cpu.snapshot();
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < connections; k++) {
                int part = k;
                Connection c = conns.get(k);
                fs.add(pool.submit(() -> {
                    PGConnection pgc = c.unwrap(PGConnection.class);
                    for (int i = part; i < chunks.size(); i += connections) {
                        pgc.getCopyAPI().copyIn(ReadingRows.COPY, new ByteArrayInputStream(chunks.get(i)));
                        c.commit();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  raw COPY x%d: %,d records in %.2f s%n    %s%n", connections, total, s, cpu.since(cpu0, s));
            return total / s;
        } finally {
            pool.shutdown();
            for (Connection c : conns) c.close();
            for (PgConnections p : pools) p.close();
        }
    }

    static void ensurePartitions(PgProcess pg, long epoch) throws Exception {
        // the raw loop gets its partitions up front (the service creates them on demand)
        java.time.LocalDate d = java.time.Instant.ofEpochMilli(epoch).atZone(java.time.ZoneOffset.UTC).toLocalDate();
        for (java.time.LocalDate day = d.minusDays(2); !day.isAfter(d.plusDays(1)); day = day.plusDays(1)) {
            pg.psql("CREATE TABLE IF NOT EXISTS ecogate_reading_batch_" + day.toString().replace("-", "") + " PARTITION OF ecogate_reading_batch "
                    + "FOR VALUES FROM ('" + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00') WITH (toast_tuple_target = 128)");
        }
    }
}
