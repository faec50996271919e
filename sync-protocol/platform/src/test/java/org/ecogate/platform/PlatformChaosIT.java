package org.ecogate.platform;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sim.load.LoadGenerator;
import org.ecogate.sim.load.SimGateway;
import org.ecogate.sim.platform.WebhookReceiver;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Must hold (issues 14, 24): 3 receiver processes share N simulated gateways (-Decogate.chaos.gateways, default 100 at
 * 600 points/min each, ~1 min for CI; 1000 at full size, 100 points/min each) through one mosquitto into one PostgreSQL;
 * one receiver is SIGKILLed and restarted twice and PostgreSQL restarted once while they produce. Then, by SQL: every
 * record exactly once, in-order paths in seq order, no watermark stuck, every notice once; at most 10 warning/error lines
 * per surviving receiver. Prints resends, CPU seconds per record over a steady stretch and bytes per reading (sizing).
 */
class PlatformChaosIT {
    @TempDir
    Path dir;

    @Test
    void threeReceiversSurviveKillsAndADatabaseRestartExactlyOnce() throws Exception {
        int gateways = Integer.getInteger("ecogate.chaos.gateways", 100);
        int seconds = Integer.getInteger("ecogate.chaos.seconds", 40);
        // the issue's load is 100 points/min per gateway (10 points x 10 cycles); the scaled-down default runs 6x faster
        int cycles = Integer.getInteger("ecogate.chaos.cyclesPerMin", gateways > 200 ? 10 : 60);
        Path keys = dir.resolve("keys");
        try (MosquittoProcess broker = MosquittoProcess.start(); PgProcess pg = PgProcess.start(); WebhookReceiver hook = new WebhookReceiver(0, 0);
             LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(broker.url(), gateways, 10, cycles, 0.01, "cx", keys, 11))) {
            ReceiverProcess[] rx = new ReceiverProcess[3];
            try {
                for (int i = 0; i < 3; i++) {
                    rx[i] = new ReceiverProcess(dir.resolve("rx" + i + ".log"), "--broker", broker.url(), "--db", pg.url(), "--keys", keys.toString(),
                            "--client-id", "rx-" + i, "--http-port", "0", "--workers", "2", "--webhook", hook.url()).start();
                }
                long t0 = System.nanoTime();
                load.start();
                at(t0, seconds * 0.20);
                rx[0].kill();
                System.out.println("chaos: receiver rx-0 SIGKILLed");
                at(t0, seconds * 0.30);
                rx[0].start();
                at(t0, seconds * 0.45);
                pg.restart();
                System.out.println("chaos: PostgreSQL restarted");
                // a steady stretch (all receivers and the database up): CPU seconds per stored record, for the sizing
                at(t0, seconds * 0.50);
                long pm = postmaster(pg);
                Steady a = Steady.sample(pg, pm, rx);
                at(t0, seconds * 0.63);
                Steady b = Steady.sample(pg, pm, rx);
                at(t0, seconds * 0.65);
                rx[0].kill();
                System.out.println("chaos: receiver rx-0 SIGKILLed again");
                at(t0, seconds * 0.75);
                rx[0].start();
                at(t0, seconds);
                load.stopProducing();
                Await.until("every gateway drained", Duration.ofSeconds(180), () -> load.backlog() == 0);
                long produced = load.produced();
                long stored = Sql.scalar(pg, "SELECT (SELECT count(*) FROM ecogate_reading) + (SELECT count(*) FROM ecogate_document)");
                long distinct = Sql.scalar(pg, "SELECT (SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq FROM ecogate_reading) r) "
                        + "+ (SELECT count(*) FROM (SELECT DISTINCT gateway, epoch, stream, seq FROM ecogate_document) d)");
                // in-order path: per stream, a higher seq was never committed in an earlier transaction (received_at = transaction start)
                long disorder = Sql.scalar(pg, "SELECT count(*) FROM (SELECT received_at < lag(received_at) OVER (PARTITION BY gateway, epoch, stream "
                        + "ORDER BY seq) AS bad FROM ecogate_reading WHERE lane = 0) x WHERE bad");
                Map<String, Long> marks = new HashMap<>();
                try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement();
                     ResultSet rs = st.executeQuery("SELECT gateway, stream, committed_through, live_after FROM ecogate_stream")) {
                    while (rs.next()) {
                        assertThat(rs.getLong(4)).as("open live range of %s/%s", rs.getString(1), rs.getString(2)).isZero();
                        marks.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                    }
                }
                int stuck = 0;
                for (SimGateway g : load.gateways()) {
                    for (String s : new String[] {SimGateway.EVENTS, SimGateway.READINGS}) {
                        if (g.appended(s) > 0 && marks.getOrDefault(g.id() + "/" + s, 0L) != g.appended(s)) stuck++;
                    }
                }
                long outageStates = Sql.scalar(pg, "SELECT count(DISTINCT key || ':' || (body::json->>'status')) FROM ecogate_document WHERE body LIKE '%\"outage\"%'");
                Await.until("every notice delivered", Duration.ofSeconds(60), () -> hook.keys().size() >= outageStates);
                System.out.printf("chaos: %d gateways x %d points/min, %d s; produced %,d, stored %,d (distinct %,d), disorder %d, stuck %d, "
                                + "resent %.1f %% (%,d records), notices %d of %d event states (repeats absorbed %d)%n",
                        gateways, cycles * 10, seconds, produced, stored, distinct, disorder, stuck, 100.0 * (load.recordsSent() - produced) / produced,
                        load.recordsSent() - produced, hook.keys().size(), outageStates, hook.repeats());
                // overload without noise (issue 24): the receivers that stayed up logged the database restart in a few
                // lines (down, back), not one line per batch
                long[] noisy = new long[3];
                for (int i = 1; i < 3; i++) {
                    noisy[i] = java.nio.file.Files.readAllLines(dir.resolve("rx" + i + ".log")).stream()
                            .filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).count();
                }
                double secs = (b.nanos - a.nanos) / 1e9, recs = b.stored - a.stored;
                System.out.printf("chaos: steady %.0f s: %,.0f records stored (%,.0f/s); receivers %.1f CPU-s (%,.0f records per CPU-s), "
                                + "PostgreSQL %.1f CPU-s (%,.0f records per CPU-s); %.1f bytes per reading on disk (reading partitions, "
                                + "TOAST, indexes, point table)%n", secs, recs, recs / secs, b.rxCpu - a.rxCpu, recs / (b.rxCpu - a.rxCpu),
                        b.pgCpu - a.pgCpu, recs / (b.pgCpu - a.pgCpu), bytesPerReading(pg));
                System.out.printf("chaos: busy answers per receiver: rx-0 %s, rx-1 %s, rx-2 %s%n", busy(rx[0]), busy(rx[1]), busy(rx[2]));
                System.out.printf("chaos: warning/error lines of the receivers that stayed up: rx-1 %d, rx-2 %d (one database restart); "
                        + "load average %s%n", noisy[1], noisy[2], java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
                assertThat(noisy[1]).isLessThanOrEqualTo(10);
                assertThat(noisy[2]).isLessThanOrEqualTo(10);
                // resends depend on the machine (acks later than the gateways' ack timeout on a saturated host): a bound is
                // given for the documented full-size run (-Decogate.chaos.maxResentPercent=20), not for the CI default
                String maxResent = System.getProperty("ecogate.chaos.maxResentPercent");
                if (maxResent != null) {
                    assertThat(100.0 * (load.recordsSent() - produced) / produced).as("resent %").isLessThanOrEqualTo(Double.parseDouble(maxResent));
                }
                assertThat(stored).isEqualTo(produced);
                assertThat(distinct).isEqualTo(produced);
                assertThat(disorder).isZero();
                assertThat(stuck).isZero();
                assertThat(new HashSet<>(hook.keys())).hasSize((int) outageStates);
                assertThat(outageStates).isPositive();
            } finally {
                for (ReceiverProcess r : rx) if (r != null) r.close();
            }
        }
    }

    /** Stored records and CPU seconds (receivers together, PostgreSQL) at one moment. */
    record Steady(long nanos, long stored, double rxCpu, double pgCpu) {
        static Steady sample(PgProcess pg, long postmaster, ReceiverProcess[] rx) throws Exception {
            double r = 0;
            for (ReceiverProcess p : rx) r += cpuSeconds(p.pid(), false);
            return new Steady(System.nanoTime(), Sql.scalar(pg, "SELECT (SELECT coalesce(sum(n), 0) FROM ecogate_reading_batch) "
                    + "+ (SELECT count(*) FROM ecogate_document)"), r, pgCpuSeconds(postmaster));
        }
    }

    /** The PostgreSQL server's process id: the parent of its checkpointer (a process that lives as long as the server). */
    static long postmaster(PgProcess pg) throws Exception {
        long checkpointer = Long.parseLong(pg.psql("SELECT pid FROM pg_stat_activity WHERE backend_type = 'checkpointer'"));
        return Long.parseLong(stat(checkpointer)[1]);
    }

    /** /proc/{pid}/stat from field 3 (state) on: [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime (clock ticks). */
    static String[] stat(long pid) throws java.io.IOException {
        String st = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        return st.substring(st.lastIndexOf(')') + 2).split(" ");
    }

    /** User + system CPU seconds of {@code pid} (with its reaped children when {@code reaped}); 0 when it is gone. */
    static double cpuSeconds(long pid, boolean reaped) {
        try {
            String[] f = stat(pid);
            long t = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (reaped) t += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            return t / 100.0; // USER_HZ
        } catch (java.io.IOException | RuntimeException e) {
            return 0;
        }
    }

    /** PostgreSQL's CPU seconds: the postmaster with its reaped children, plus its live children (backends, WAL writer...). */
    static double pgCpuSeconds(long postmaster) throws java.io.IOException {
        double t = cpuSeconds(postmaster, true);
        try (java.util.stream.Stream<Path> ps = java.nio.file.Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) ps::iterator) {
                String n = p.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) continue;
                try {
                    if (Long.parseLong(stat(Long.parseLong(n))[1]) == postmaster) t += cpuSeconds(Long.parseLong(n), false);
                } catch (java.io.IOException | RuntimeException e) {
                    // exited meanwhile
                }
            }
        }
        return t;
    }

    /** On-disk bytes of the reading partitions (heap, TOAST, indexes) and the point table per stored reading. */
    static double bytesPerReading(PgProcess pg) throws Exception {
        long bytes = Long.parseLong(pg.psql("SELECT coalesce(sum(pg_total_relation_size(inhrelid)), 0) + pg_total_relation_size('ecogate_point') "
                + "FROM pg_inherits WHERE inhparent = 'ecogate_reading_batch'::regclass"));
        return (double) bytes / Math.max(1, Long.parseLong(pg.psql("SELECT coalesce(sum(n), 0) FROM ecogate_reading_batch")));
    }

    /** The receiver's busy answers from its /metrics, or "-" when unreadable. */
    static String busy(ReceiverProcess r) {
        try (java.io.InputStream in = java.net.URI.create("http://127.0.0.1:" + r.metricsPort() + "/metrics").toURL().openStream()) {
            for (String l : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (l.contains("code=\"busy\"") && !l.startsWith("#")) return l.substring(l.lastIndexOf(' ') + 1);
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not up
        }
        return "-";
    }

    private static void at(long t0, double seconds) throws InterruptedException {
        long wait = t0 + (long) (seconds * 1e9) - System.nanoTime();
        if (wait > 0) Thread.sleep(wait / 1_000_000);
    }
}
