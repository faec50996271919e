package org.ecogate.sim.load;

import org.ecogate.sim.SimMain;
import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.CliRun;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24, load generator: a region outage takes its gateways off together and brings them back together (closing
 * bounded at any size), {@code --seconds} ends the run on time, and the summary line gives the resend percentage and
 * the unacknowledged count. Against a real mosquitto without a receiver: nothing is acknowledged, every sender has
 * batches in flight when it is closed (the slow case).
 */
class LoadGeneratorIT {
    static final int GATEWAYS = 300;

    @Test
    void aRegionOutageClosesItsGatewaysTogetherAndBringsThemBackTogether() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start();
             LoadGenerator load = new LoadGenerator(new LoadGenerator.Settings(broker.url(), GATEWAYS, 10, 60, 0.01, "lg", null, 3))) {
            load.start();
            Await.until("every gateway connected", Duration.ofSeconds(60), () -> load.connected() == GATEWAYS);
            Thread.sleep(2000); // batches in flight
            long t0 = System.nanoTime();
            LoadGenerator.Outage o = load.regionOutage(0.5, Duration.ofSeconds(4));
            assertThat(o.gateways()).isEqualTo(GATEWAYS / 2);
            assertThat(o.allClosed()).isTrue();
            assertThat(o.closeMillis()).as("the region goes off together").isLessThan(LoadGenerator.CLOSE_BOUND_SECONDS * 1000);
            assertThat(load.connected()).as("the region is off").isLessThanOrEqualTo(GATEWAYS / 2);
            Await.until("the region back", Duration.ofSeconds(30), () -> load.connected() == GATEWAYS);
            double back = (System.nanoTime() - t0) / 1e9;
            System.out.printf("load: region of %d gateways closed in %d ms, all %d connected again %.1f s after the outage began (4 s)%n",
                    o.gateways(), o.closeMillis(), GATEWAYS, back);
            assertThat(back).as("the outage lasted its 4 s and ended together").isBetween(3.9, 12.0);
            long t1 = System.nanoTime();
            load.close();
            assertThat((System.nanoTime() - t1) / 1e9).as("closing %d gateways is bounded", GATEWAYS)
                    .isLessThan(LoadGenerator.CLOSE_BOUND_SECONDS + 2);
        }
    }

    @Test
    void theLoadCommandEndsOnTimeAndItsSummaryGivesResendsAndTheUnacknowledged() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            long t0 = System.nanoTime();
            CliRun r = CliRun.of(SimMain::execute, "load", "--broker", broker.url(), "--gateways", String.valueOf(GATEWAYS),
                    "--cycles-per-min", "60", "--seconds", "4", "--drain-seconds", "2", "--region-outage", "1:2:0.5");
            double took = (System.nanoTime() - t0) / 1e9;
            System.out.print(r.out());
            assertThat(r.code()).as("nothing acknowledged without a receiver: exit 1").isEqualTo(1);
            assertThat(took).as("4 s producing + 2 s drain + bounded close").isLessThan(4 + 2 + LoadGenerator.CLOSE_BOUND_SECONDS + 5);
            Matcher m = Pattern.compile("load: produced ([\\d,]+) records, unacknowledged ([\\d,]+), published ([\\d,]+) \\(([\\d.]+) % resent\\)")
                    .matcher(r.out());
            assertThat(m.find()).as("summary line in:%n%s", r.out()).isTrue();
            long produced = Long.parseLong(m.group(1).replace(",", "")), unacked = Long.parseLong(m.group(2).replace(",", ""));
            long expected = GATEWAYS * 10L * 4; // 10 points at one cycle a second for 4 s
            assertThat(produced).as("--seconds of production after the start").isBetween(expected / 2, expected * 5 / 4);
            assertThat(unacked).as("no receiver: everything is unacknowledged").isEqualTo(produced);
        }
    }
}
