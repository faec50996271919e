package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.buffer.Buffer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferStats;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.uplink.mqtt.MqttUplink;
import org.ecogate.sync.SenderStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires config, sources, buffer and uplink and runs them: one poller thread per device connection (a dead
 * device never delays another), each cycle committed to the buffer in one transaction, then the uplink woken.
 * Lifecycle: {@link #start()}, then {@link #stop(Duration)} once; not restartable.
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig cfg;
    private final Clock clock;
    private final List<ScheduledExecutorService> pollers = new ArrayList<>();
    private final List<Source> sources = new ArrayList<>();
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong failedCycles = new AtomicLong();
    private Buffer buffer;
    private MqttUplink uplink;

    public Agent(AgentConfig cfg, Clock clock) {
        this.cfg = cfg;
        this.clock = clock;
    }

    public Path bufferPath() {
        return cfg.source().resolve(cfg.buffer().path());
    }

    public void start() throws BufferException {
        buffer = SqliteBuffer.open(bufferPath());
        uplink = new MqttUplink(cfg, buffer);
        uplink.start();
        for (DeviceConfig d : cfg.devices()) {
            Source s = Sources.create(d);
            sources.add(s);
            java.util.concurrent.ScheduledThreadPoolExecutor ex = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "poll-" + d.id());
                t.setDaemon(true);
                return t;
            });
            ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            pollers.add(ex);
            long period = d.interval().toNanos();
            long origin = System.nanoTime();
            ex.execute(new Runnable() {
                @Override
                public void run() {
                    pollOnce(s);
                    // Next tick on the device's grid; ticks missed while a slow device blocked are skipped, not
                    // run back-to-back (no bursts of readings with bunched timestamps after an outage).
                    long now = System.nanoTime();
                    long next = origin + ((now - origin) / period + 1) * period;
                    if (!ex.isShutdown()) {
                        try {
                            ex.schedule(this, next - now, TimeUnit.NANOSECONDS);
                        } catch (java.util.concurrent.RejectedExecutionException stopping) {
                            // agent stopping
                        }
                    }
                }
            });
        }
        ScheduledExecutorService statusEx = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status");
            t.setDaemon(true);
            return t;
        });
        pollers.add(statusEx);
        statusEx.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
        log.info("agent {} running: {} devices, buffer {}, uplink {}", cfg.gateway(), cfg.devices().size(),
                bufferPath(), cfg.uplink().broker());
    }

    private void pollOnce(Source s) {
        try {
            List<Reading> cycle = s.poll(clock.millis());
            buffer.append(cycle);
            cycles.incrementAndGet();
            readings.addAndGet(cycle.size());
            uplink.wakeUp();
        } catch (BufferException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle not buffered: {}", s.deviceId(), e.getMessage());
        } catch (RuntimeException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle failed: {}", s.deviceId(), e.toString());
        }
    }

    private void writeStatus() {
        try {
            ObjectNode st = StatusFile.newNode();
            st.put("gateway", cfg.gateway());
            st.put("pid", ProcessHandle.current().pid());
            st.put("updated", clock.millis());
            st.put("cycles", cycles.get());
            st.put("readings", readings.get());
            st.put("failedCycles", failedCycles.get());
            ObjectNode devs = st.putObject("devices");
            for (Source s : sources) devs.put(s.deviceId(), s.online() ? "online" : "offline");
            SenderStats u = uplink.stats();
            ObjectNode up = st.putObject("uplink");
            up.put("connected", u.connected());
            up.put("batchesSent", u.batchesSent());
            up.put("recordsSent", u.recordsSent());
            up.put("resends", u.resends());
            up.put("acks", u.acks());
            up.put("reconnects", u.reconnects());
            BufferStats b = buffer.stats();
            ObjectNode bn = st.putObject("buffer");
            bn.put("epoch", b.epoch());
            bn.put("rows", b.rows());
            bn.put("lastSeq", b.lastSeq());
            bn.put("ackedThrough", b.ackedThrough());
            bn.put("backlog", b.backlog());
            bn.put("oldestUnackedTs", b.oldestUnackedTs());
            bn.put("fileBytes", b.fileBytes());
            StatusFile.write(StatusFile.pathFor(bufferPath()), st);
        } catch (Exception e) {
            log.debug("status file not written: {}", e.toString());
        }
    }

    /** Stops polling, lets the uplink drain for at most {@code drain}, then closes everything. */
    public void stop(Duration drain) {
        for (ScheduledExecutorService ex : pollers) ex.shutdown();
        for (ScheduledExecutorService ex : pollers) {
            try {
                if (!ex.awaitTermination(5, TimeUnit.SECONDS)) ex.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Source s : sources) s.close();
        if (uplink != null) {
            boolean drained = drain.isZero() || uplink.drain(drain);
            log.info("agent {} stopping: polling stopped, backlog {}", cfg.gateway(),
                    drained ? "drained" : "left in the buffer (sent after restart)");
            uplink.close();
        }
        if (buffer != null) {
            writeStatus();
            buffer.close();
        }
        log.info("agent {} stopped after {} cycles, {} readings", cfg.gateway(), cycles.get(), readings.get());
    }

    public Buffer buffer() {
        return buffer;
    }

    public MqttUplink uplink() {
        return uplink;
    }
}
