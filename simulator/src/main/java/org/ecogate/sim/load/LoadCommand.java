package org.ecogate.sim.load;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code ecogate-sim load}: N simulated gateways publishing to a broker (platform load tests). Prints progress every
 * 10 s and a summary; exit 0 when everything produced was acknowledged at the end, 1 if not, 2 on invalid options.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Simulate N gateways (own MQTT connection, epoch and seq each) sending readings and outage events.")
public final class LoadCommand implements Callable<Integer> {
    @Option(names = "--broker", required = true, paramLabel = "URL", description = "tcp://host:1883")
    String broker;

    @Option(names = "--gateways", defaultValue = "100", description = "gateways (default ${DEFAULT-VALUE})")
    int gateways;

    @Option(names = "--points", defaultValue = "10", description = "points per gateway (default ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--cycles-per-min", defaultValue = "10", description = "acquisition cycles per minute per gateway (default ${DEFAULT-VALUE}: 100 points/min with 10 points)")
    double cyclesPerMin;

    @Option(names = "--outage-chance", defaultValue = "0.002", description = "per cycle, chance an outage opens or closes (default ${DEFAULT-VALUE})")
    double outageChance;

    @Option(names = "--seconds", defaultValue = "60", description = "how long to produce (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--region-outage", paramLabel = "AT:SECONDS:FRACTION",
            description = "at AT s, a FRACTION of the gateways goes offline for SECONDS, then all reconnect with their backlog")
    String regionOutage;

    @Option(names = "--keys-dir", paramLabel = "DIR", description = "write <gateway>.key files here and sign (default: unsigned)")
    Path keysDir;

    @Option(names = "--prefix", defaultValue = "sim", description = "gateway id prefix (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--drain-seconds", defaultValue = "120", description = "after producing, wait this long for every ack (default ${DEFAULT-VALUE})")
    int drainSeconds;

    @Override
    public Integer call() throws Exception {
        try {
            return run();
        } catch (IllegalArgumentException e) {
            System.err.println("ecogate-sim load: " + e.getMessage());
            return 2;
        }
    }

    private int run() throws Exception {
        long at = -1, outFor = 0;
        double fraction = 0;
        if (regionOutage != null) {
            String[] p = regionOutage.split(":");
            if (p.length != 3) throw new IllegalArgumentException("--region-outage '" + regionOutage + "': expected AT:SECONDS:FRACTION, e.g. 30:20:0.5");
            try {
                at = Long.parseLong(p[0]);
                outFor = Long.parseLong(p[1]);
                fraction = Double.parseDouble(p[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--region-outage '" + regionOutage + "': AT and SECONDS must be whole seconds, FRACTION a number");
            }
            if (fraction <= 0 || fraction > 1) throw new IllegalArgumentException("--region-outage fraction " + fraction + " outside (0, 1]");
        }
        LoadGenerator.Settings s = new LoadGenerator.Settings(broker, gateways, points, cyclesPerMin, outageChance, prefix, keysDir, 1);
        try (LoadGenerator g = new LoadGenerator(s)) {
            long ts = System.nanoTime();
            g.start();
            long t0 = System.nanoTime(); // --seconds of production from here, however long starting N gateways took
            System.out.printf("load: %d gateways x %d points x %.1f cycles/min -> %s (started in %d ms)%n", gateways, points, cyclesPerMin,
                    broker, (t0 - ts) / 1_000_000);
            long nextPrint = 10;
            while (true) {
                long el = (System.nanoTime() - t0) / 1_000_000_000L;
                if (el >= seconds) break;
                if (at >= 0 && el >= at) {
                    LoadGenerator.Outage o = g.regionOutage(fraction, Duration.ofSeconds(outFor));
                    System.out.printf("load: region outage: %d gateways offline for %d s, closed in %d ms%s%n", o.gateways(), outFor,
                            o.closeMillis(), o.allClosed() ? "" : " (not all within the bound)");
                    at = -1;
                }
                if (el >= nextPrint) {
                    System.out.printf("load: t=%ds produced=%,d backlog=%,d resends=%,d%n", el, g.produced(), g.backlog(), g.resends());
                    nextPrint += 10;
                }
                Thread.sleep(200);
            }
            g.stopProducing();
            long deadline = System.nanoTime() + drainSeconds * 1_000_000_000L;
            while (g.backlog() > 0 && System.nanoTime() < deadline) Thread.sleep(200);
            long produced = g.produced();
            System.out.printf("load: produced %,d records, unacknowledged %,d, published %,d (%.1f %% resent), resends %,d%n",
                    produced, g.backlog(), g.recordsSent(), 100.0 * (g.recordsSent() - produced) / Math.max(1, produced), g.resends());
            return g.backlog() == 0 ? 0 : 1;
        }
    }
}
