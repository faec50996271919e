package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.config.PointConfig;
import org.ecogate.agent.model.Reading;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code config validate --probe}: reaches every device of a config once and reads every point once, all
 * connections in parallel (a dead device costs its own timeout x (retries + 1), not everyone's). Stateless.
 * Trap: it opens real connections; never run it against a serial bus the agent is polling at the same time.
 */
public final class Probe {
    /** One point's outcome: the reading (quality and value) with its device and unit. */
    public record Result(String device, String point, String unit, Reading reading) {}

    private Probe() {}

    public static List<Result> run(AgentConfig cfg, Clock clock) throws InterruptedException {
        Map<String, String> units = new HashMap<>();
        for (DeviceConfig d : cfg.devices()) for (PointConfig p : d.points()) units.put(d.id() + "." + p.name(), p.unit());
        List<Sources.Polled> polled = Sources.createAll(cfg.devices());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, Math.max(1, polled.size())), r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<List<Reading>>> futures = new ArrayList<>();
            for (Sources.Polled p : polled) {
                Source s = p.source();
                futures.add(pool.submit(() -> {
                    try (s) {
                        return s.poll(clock.millis());
                    }
                }));
            }
            List<Result> out = new ArrayList<>();
            for (Future<List<Reading>> f : futures) {
                try {
                    for (Reading r : f.get()) {
                        String device = r.point().substring(0, r.point().indexOf('.'));
                        out.add(new Result(device, r.point(), units.get(r.point()), r));
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("probe failed: " + e.getCause(), e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
