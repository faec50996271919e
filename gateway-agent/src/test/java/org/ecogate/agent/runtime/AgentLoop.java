package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * The agent's poll/tick loop as {@link Agent} runs it, on a fake clock and a real SQLite buffer, for tests: two devices
 * (fan1: current, run; line1: kwh counter) polled every 200 ms, a tick every second; with {@link #stops} the fan stops
 * for 20 s of every 70 s (wall time), else it runs. {@link #close()} is a SIGKILL:
 * what is committed stays, nothing more is saved. Not thread-safe.
 */
public final class AgentLoop implements AutoCloseable {
    public final FakeAgentClock fake;
    public final ClockService cs;
    public final SqliteBuffer b;
    public final TimedDetector td;
    private long sinceTick;
    private double kwh;
    /** For tests that need stops (ledgers): fan1.run is 0 for 20 s of every 70 s. Off by default. */
    public boolean stops;

    /** Opens (or reopens) the buffer {@code db}; {@code rebuild}: restore as the agent does, with the summary rebuild. */
    public AgentLoop(FakeAgentClock fake, Path db, DetectionConfig cfg, boolean rebuild, double kwh) throws Exception {
        this.fake = fake;
        this.kwh = kwh;
        cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
        b = SqliteBuffer.open(db, BufferSettings.retainAll().withClock(cs.agentClock()));
        td = rebuild ? TimedDetector.restore(cfg, b.detectorState(), cs, b, null) : TimedDetector.restore(cfg, b.detectorState(), cs);
    }

    /** The counter's value now (to continue it in the next run). */
    public double kwh() {
        return kwh;
    }

    /** 200 ms pass, then each device's poll cycle; a tick once a second. */
    public void poll(Random rnd) throws Exception {
        fake.advance(200);
        long now = cs.agentNow();
        for (String dev : List.of("fan1", "line1")) {
            kwh += 0.01;
            List<Reading> cycle = dev.equals("fan1")
                    ? List.of(Reading.good("fan1.current", now, 40 + rnd.nextDouble() * 10), Reading.good("fan1.run", now, stops && cs.toWall(now) % 70_000 < 20_000 ? 0.0 : 1.0))
                    : List.of(Reading.good("line1.kwh", now, Math.round(kwh * 1000) / 1000.0));
            List<Reading> stamped = cs.toWall(cycle);
            Output out = td.onReadings(cycle, stamped, now);
            b.appendCycle(stamped, EventDocs.docs(out), td.stateWith(out));
        }
        sinceTick += 200;
        if (sinceTick >= 1000) {
            sinceTick = 0;
            Output t = td.tick();
            String state = t.isEmpty() ? td.stateIfDue() : td.stateWith(t);
            if (state != null || !t.isEmpty()) b.appendCycle(List.of(), EventDocs.docs(t), state);
        }
    }

    /**
     * Runs {@code runs} agent lives on {@code db} with random lengths (20-100 s), each ended by a kill, with random
     * downtime between (sometimes over a minute).
     */
    public static void withKills(Path db, DetectionConfig cfg, long t0, int runs, boolean rebuild, long seed) throws Exception {
        withKills(db, cfg, t0, runs, rebuild, seed, false);
    }

    /** As above; {@code stops}: the fan stops now and then ({@link #stops}). */
    public static void withKills(Path db, DetectionConfig cfg, long t0, int runs, boolean rebuild, long seed, boolean stops) throws Exception {
        Random rnd = new Random(seed);
        FakeAgentClock fake = new FakeAgentClock(t0);
        double kwh = 0;
        for (int run = 0; run < runs; run++) {
            try (AgentLoop r = new AgentLoop(fake, db, cfg, rebuild, kwh)) {
                r.stops = stops;
                int polls = 100 + rnd.nextInt(400);
                for (int i = 0; i < polls; i++) r.poll(rnd);
                kwh = r.kwh();
            }
            fake.advance(rnd.nextInt(3) == 0 ? 65_000 + rnd.nextInt(60_000) : 2_000 + rnd.nextInt(5_000));
        }
    }

    @Override
    public void close() {
        b.close();
    }
}
