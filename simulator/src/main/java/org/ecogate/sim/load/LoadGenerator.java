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

    private synchronized void disconnect(int i) {
        if (senders[i] != null) {
            retiredSent += senders[i].stats().recordsSent();
            retiredResends += senders[i].stats().resends();
            senders[i].close();
        }
        senders[i] = null;
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

    /**
     * A region loses its uplink: the first {@code fraction} of the gateways go offline together (closed in parallel,
     * within a few seconds at any size; they keep producing) and all reconnect at once {@code d} after the outage
     * began. Returns at once: the reconnect is scheduled, so a caller's own deadline is never pushed back.
     */
    public void regionOutage(double fraction, Duration d) throws InterruptedException {
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
        java.util.concurrent.ExecutorService closer = java.util.concurrent.Executors.newFixedThreadPool(Math.max(1, Math.min(64, closing.size())));
        for (SyncSender tx : closing) closer.execute(tx::close);
        closer.shutdown();
        boolean all = closer.awaitTermination(10, TimeUnit.SECONDS);
        log.info("load: region outage: {} of {} gateways offline for {} s ({} closed in {} ms)", n, gws.size(), d.toSeconds(),
                all ? "all" : "not all", (System.nanoTime() - t0) / 1_000_000);
        long left = Math.max(0, d.toNanos() - (System.nanoTime() - t0));
        ticker.schedule(() -> {
            for (int i = 0; i < n; i++) if (senders[i] == null) connect(i);
            log.info("load: region back: {} gateways reconnecting with their backlog", n);
        }, left, TimeUnit.NANOSECONDS);
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

    @Override
    public void close() {
        producing = false;
        ticker.shutdownNow();
        for (int i = 0; i < senders.length; i++) disconnect(i);
    }
}
