package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.config.DeviceConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One poller thread per device connection (a dead device never delays another), keyed by the connection's
 * device configs, so that a reload ({@link #apply}) keeps the pollers of unchanged connections running and only
 * stops, starts or replaces the others. Thread-safe (apply and stop are synchronized; pollers run on their own).
 * Trap: a replaced source is closed only after its poller thread finished the cycle it was in.
 */
final class Pollers {
    /** What an {@link #apply} changed, by device id. */
    record Change(List<String> added, List<String> removed, List<String> changed, int kept) {
        boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }

        @Override
        public String toString() {
            return "added " + (added.isEmpty() ? "none" : String.join(", ", added)) + "; removed "
                    + (removed.isEmpty() ? "none" : String.join(", ", removed)) + "; changed "
                    + (changed.isEmpty() ? "none" : String.join(", ", changed)) + "; " + kept + " connections unchanged";
        }
    }

    private record Running(List<DeviceConfig> group, Source source, ScheduledThreadPoolExecutor executor) {}

    private final Consumer<Source> pollOnce;
    private final Map<List<DeviceConfig>, Running> running = new LinkedHashMap<>();

    Pollers(Consumer<Source> pollOnce) {
        this.pollOnce = pollOnce;
    }

    /** Makes the running pollers match {@code devices}: unchanged connections go on untouched. */
    synchronized Change apply(List<DeviceConfig> devices) {
        Map<String, List<DeviceConfig>> byConnection = new LinkedHashMap<>();
        for (DeviceConfig d : devices) byConnection.computeIfAbsent(d.connectionKey(), k -> new ArrayList<>()).add(d);
        List<String> oldIds = ids(running.keySet());
        List<String> newIds = ids(byConnection.values());
        Map<String, DeviceConfig> oldById = new LinkedHashMap<>();
        for (List<DeviceConfig> g : running.keySet()) for (DeviceConfig d : g) oldById.put(d.id(), d);

        List<Running> stopping = new ArrayList<>();
        for (List<DeviceConfig> group : new ArrayList<>(running.keySet())) {
            if (!byConnection.containsValue(group)) stopping.add(running.remove(group));
        }
        for (Running r : stopping) r.executor().shutdown();
        for (Running r : stopping) {
            try {
                if (!r.executor().awaitTermination(10, TimeUnit.SECONDS)) r.executor().shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            r.source().close();
        }
        int kept = 0;
        for (List<DeviceConfig> group : byConnection.values()) {
            if (running.containsKey(group)) {
                kept++;
                continue;
            }
            Sources.Polled polled = Sources.create(group);
            running.put(group, new Running(group, polled.source(), start(polled.source(), polled.interval())));
        }
        List<String> added = newIds.stream().filter(id -> !oldIds.contains(id)).toList();
        List<String> removed = oldIds.stream().filter(id -> !newIds.contains(id)).toList();
        List<String> changed = new ArrayList<>();
        for (List<DeviceConfig> g : byConnection.values()) {
            for (DeviceConfig d : g) if (oldById.containsKey(d.id()) && !oldById.get(d.id()).equals(d)) changed.add(d.id());
        }
        return new Change(added, removed, changed, kept);
    }

    private ScheduledThreadPoolExecutor start(Source s, Duration interval) {
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "poll-" + s.deviceId());
            t.setDaemon(true);
            return t;
        });
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long period = interval.toNanos();
        long origin = System.nanoTime();
        ex.execute(new Runnable() {
            @Override
            public void run() {
                pollOnce.accept(s);
                // Next tick on the device's grid; ticks missed while a slow device blocked are skipped, not
                // run back-to-back (no bursts of readings with bunched timestamps after an outage).
                long now = System.nanoTime();
                long next = origin + ((now - origin) / period + 1) * period;
                if (!ex.isShutdown()) {
                    try {
                        ex.schedule(this, next - now, TimeUnit.NANOSECONDS);
                    } catch (RejectedExecutionException stopping) {
                        // stopping
                    }
                }
            }
        });
        return ex;
    }

    /** Every device's connection state now (device id to state name), in config order. */
    java.util.Map<String, String> deviceStates() {
        java.util.Map<String, String> devices = new java.util.LinkedHashMap<>();
        for (Source s : sources()) devices.putAll(s.deviceStates());
        return devices;
    }

    synchronized List<Source> sources() {
        return running.values().stream().map(Running::source).toList();
    }

    /** Stops every poller (waiting for cycles in progress) and closes the sources. */
    synchronized void stop() {
        apply(List.of());
    }

    private static List<String> ids(java.util.Collection<List<DeviceConfig>> groups) {
        List<String> out = new ArrayList<>();
        for (List<DeviceConfig> g : groups) for (DeviceConfig d : g) out.add(d.id());
        return out;
    }
}
