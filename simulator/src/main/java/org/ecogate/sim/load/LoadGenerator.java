package org.ecogate.sim.load;

import org.ecogate.sync.Encoding;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SyncSender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N simulated gateways against one broker, each with its own MQTT connection ({@link SyncSender}) and buffer
 * ({@link SimGateway}), producing at a configured rate; a region-wide outage disconnects a share of them and lets
 * them come back with a backlog at once. Thread-safe for the calls below. Trap: each gateway costs a few threads
 * (sender + MQTT reader): thousands need {@code -Xss256k} and enough memory (README, "Load generator").
 */
public final class LoadGenerator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

    /**
     * @param broker        MQTT broker URL
     * @param gateways      how many gateways
     * @param points        points per gateway
     * @param cyclesPerMin  acquisition cycles per minute per gateway (points x cycles = readings per minute)
     * @param outageChance  per cycle, chance an outage opens (or the open one closes)
     * @param prefix        gateway id prefix: ids are prefix-00001 ...
     * @param keysDir       where to write {@code <gateway>.key} files (signed batches); null: unsigned
     * @param seed          random seed (values, outages, keys)
     */
    public record Settings(String broker, int gateways, int points, double cyclesPerMin, double outageChance,
                           String prefix, Path keysDir, long seed) {
        public Settings {
            if (gateways < 1) throw new IllegalArgumentException("--gateways must be at least 1");
            if (points < 1) throw new IllegalArgumentException("--points must be at least 1");
            if (cyclesPerMin <= 0 || cyclesPerMin > 60_000) throw new IllegalArgumentException("--cycles-per-min must be in (0, 60000]");
        }
    }

    private final Settings s;
    private final List<SimGateway> gws = new ArrayList<>();
    private final SyncSender[] senders;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-ticker");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean producing = true;
    private long retiredSent;
    private long retiredResends;

    public LoadGenerator(Settings s) throws IOException {
        this.s = s;
        Random rnd = new Random(s.seed());
        long epoch = System.currentTimeMillis();
        if (s.keysDir() != null) Files.createDirectories(s.keysDir());
        for (int i = 1; i <= s.gateways(); i++) {
            String id = String.format("%s-%05d", s.prefix(), i);
            byte[] key = null;
            if (s.keysDir() != null) {
                byte[] raw = new byte[16];
                rnd.nextBytes(raw);
                String hex = HexFormat.of().formatHex(raw);
                Files.writeString(s.keysDir().resolve(id + ".key"), hex + "\n");
                key = hex.getBytes(StandardCharsets.UTF_8);
            }
            gws.add(new SimGateway(id, epoch, key, s.points(), rnd.nextLong()));
        }
        senders = new SyncSender[gws.size()];
    }

    public List<SimGateway> gateways() {
        return gws;
    }

    /**
     * Before {@link #start()}: every gateway buffers {@code cycles} acquisition cycles dated one
     * cycle period apart up to now, as after an outage (a backlog to drain; benchmarks).
     */
    public void prefill(int cycles) {
        long period = (long) (60_000 / s.cyclesPerMin());
        long now = System.currentTimeMillis();
        for (int c = cycles; c > 0; c--) {
            for (SimGateway g : gws) g.tick(now - c * period, 0);
        }
    }

    /** Connects every gateway and starts producing. */
    public void start() {
        for (int i = 0; i < gws.size(); i++) connect(i);
        long periodMicros = Math.max(1000, (long) (60_000_000 / s.cyclesPerMin()));
        ticker.scheduleAtFixedRate(this::tick, periodMicros, periodMicros, TimeUnit.MICROSECONDS);
    }

    private synchronized void connect(int i) {
        SimGateway g = gws.get(i);
        SenderConfig cfg = SenderConfig.builder(s.broker(), g.id).clientId(g.id).epoch(g.epoch)
                .streams(SimGateway.EVENTS, SimGateway.READINGS).reconnect(Duration.ofMillis(200), Duration.ofSeconds(5))
                .key(g.key).build();
        senders[i] = new SyncSender(cfg, g);
        senders[i].start();
    }

    private void tick() {
        if (!producing) return;
        long now = System.currentTimeMillis();
        for (int i = 0; i < gws.size(); i++) {
            gws.get(i).tick(now, s.outageChance());
            SyncSender tx = senders[i];
            if (tx != null) tx.wakeUp();
        }
    }

    /** What a region outage did: gateways taken offline, how long closing them took, whether all closed within the bound. */
    public record Outage(int gateways, long closeMillis, boolean allClosed) {}

    /** Closing a batch of gateways never takes longer than this, at any size (stragglers finish in the background). */
    static final long CLOSE_BOUND_SECONDS = 10;

    /**
     * A region loses its uplink: the first {@code fraction} of the gateways go offline together (closed in parallel,
     * within {@link #CLOSE_BOUND_SECONDS} at any size; they keep producing) and all reconnect at once {@code d} after
     * the outage began. Returns when they are closed: the reconnect is scheduled, so a caller's deadline is not pushed back.
     */
    public Outage regionOutage(double fraction, Duration d) throws InterruptedException {
        int n = (int) Math.round(gws.size() * fraction);
        long t0 = System.nanoTime();
        List<SyncSender> closing = new java.util.ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < n; i++) {
                if (senders[i] == null) continue;
                retiredSent += senders[i].stats().recordsSent();
                retiredResends += senders[i].stats().resends();
                closing.add(senders[i]);
                senders[i] = null;
            }
        }
        boolean all = closeAll(closing);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("load: region outage: {} of {} gateways offline for {} s ({} closed in {} ms)", n, gws.size(), d.toSeconds(),
                all ? "all" : "not all", ms);
        long left = Math.max(0, d.toNanos() - (System.nanoTime() - t0));
        ticker.schedule(() -> {
            long t1 = System.nanoTime();
            for (int i = 0; i < n; i++) if (senders[i] == null) connect(i);
            log.info("load: region back: {} gateways reconnecting with their backlog (started in {} ms)", n, (System.nanoTime() - t1) / 1_000_000);
        }, left, TimeUnit.NANOSECONDS);
        return new Outage(n, ms, all);
    }

    /** Closes {@code closing} in parallel; false when some were still closing after {@link #CLOSE_BOUND_SECONDS}. */
    private static boolean closeAll(List<SyncSender> closing) throws InterruptedException {
        if (closing.isEmpty()) return true;
        java.util.concurrent.ExecutorService closer = Executors.newFixedThreadPool(Math.min(64, closing.size()), r -> {
            Thread t = new Thread(r, "load-close");
            t.setDaemon(true);
            return t;
        });
        for (SyncSender tx : closing) closer.execute(tx::close);
        closer.shutdown();
        return closer.awaitTermination(CLOSE_BOUND_SECONDS, TimeUnit.SECONDS);
    }

    /** Gateways connected to the broker now. */
    public synchronized int connected() {
        int n = 0;
        for (SyncSender tx : senders) if (tx != null && tx.stats().connected()) n++;
        return n;
    }

    /** Stops producing; the senders keep draining. */
    public void stopProducing() {
        producing = false;
    }

    /** Records not yet acknowledged over all gateways. */
    public long backlog() {
        long n = 0;
        for (SimGateway g : gws) n += g.backlog();
        return n;
    }

    /** Records produced over all gateways and streams. */
    public long produced() {
        long n = 0;
        for (SimGateway g : gws) n += g.appended(SimGateway.EVENTS) + g.appended(SimGateway.READINGS);
        return n;
    }

    /** Times the senders went back to their last ack (timeouts, reconnects, gap answers), all connections. */
    public synchronized long resends() {
        long n = retiredResends;
        for (SyncSender tx : senders) if (tx != null) n += tx.stats().resends();
        return n;
    }

    /** Records published, resends included, all connections: minus {@link #produced()} it is what resending cost. */
    public synchronized long recordsSent() {
        long n = retiredSent;
        for (SyncSender tx : senders) if (tx != null) n += tx.stats().recordsSent();
        return n;
    }

    /** Stops producing and closes every gateway in parallel, within {@link #CLOSE_BOUND_SECONDS} at any size. */
    @Override
    public void close() {
        producing = false;
        ticker.shutdownNow();
        List<SyncSender> closing = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < senders.length; i++) {
                if (senders[i] == null) continue;
                retiredSent += senders[i].stats().recordsSent();
                retiredResends += senders[i].stats().resends();
                closing.add(senders[i]);
                senders[i] = null;
            }
        }
        try {
            if (!closeAll(closing)) log.info("load: not every gateway closed within {} s; the rest close in the background", CLOSE_BOUND_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
