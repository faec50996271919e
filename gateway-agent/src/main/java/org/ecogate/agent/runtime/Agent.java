package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigOverlay;
import org.ecogate.agent.uplink.sync.SyncUplink;
import org.ecogate.agentstatus.AgentStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wires config, sources, buffer, detection and uplinks, and runs their lifecycle: one poller thread per device
 * connection (a dead device never delays another) running {@link Cycle}s, a status thread for the status file, the
 * detector's tick and clock checks. New configs go through {@link #reconfigure()}. Lifecycle: {@link #start()}, then
 * {@link #stop(Duration)} once; not restartable. Trap: the parts exist only after {@link #start()}.
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig initial;
    private final ClockService clock;
    private final LiveValues live = new LiveValues();
    private final Detection detection;
    private final List<ScheduledExecutorService> executors = new ArrayList<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile Cycle cycle;
    private final Pollers devicePollers = new Pollers(s -> cycle.run(s));
    private volatile Path configFile;
    private volatile Path overlay;
    private volatile SystemdNotify systemd = SystemdNotify.to(null, 0);
    private InstanceLock lock;
    private Buffer buffer;
    private Uplinks uplinks;
    private volatile Timeline timeline;
    private StatusView status;
    private Reconfigure reconfigure;

    public Agent(AgentConfig cfg, ClockService clock) {
        this.initial = cfg;
        this.clock = clock;
        this.detection = new Detection(clock);
    }

    /** Where readiness, watchdog pings and stopping go (systemd's $NOTIFY_SOCKET); set before {@link #start()}. */
    public void notifyTo(SystemdNotify systemd) {
        this.systemd = systemd;
    }

    public SystemdNotify notifier() {
        return systemd;
    }

    /**
     * The admin's file the config came from, and where the platform's accepted config is kept as its overlay (null:
     * {@link #defaultOverlay}); with them (and a signed uplink) the platform may push configs ({@link RemoteConfig}).
     */
    public void configFile(Path file, Path overlay) {
        this.configFile = file;
        this.overlay = overlay;
    }

    /** The overlay's place by default: {@value ConfigOverlay#FILE_NAME} in the state directory, beside the buffer. */
    public static Path defaultOverlay(AgentConfig cfg) {
        return cfg.source().resolve(cfg.buffer().path()).toAbsolutePath().resolveSibling(ConfigOverlay.FILE_NAME);
    }

    public Path bufferPath() {
        return config().source().resolve(config().buffer().path());
    }

    /** Starts; {@link InstanceLock.HeldException} when another agent runs on the same buffer (nothing started then). */
    public void start() throws BufferException, InstanceLock.HeldException, java.io.IOException {
        AgentConfig cfg = initial;
        Path bufferPath = bufferPath();
        lock = InstanceLock.acquire(bufferPath);
        live.configure(cfg.devices());
        // retention ages, keepAcked/keepDocs and the buffer's own timers run on the agent timeline: a step is no age
        buffer = SqliteBuffer.open(bufferPath, BufferSettings.of(cfg.buffer()).withClock(clock.agentClock())
                .capCommitAt(cfg.uplink().latency())); // readings wait at most buffer.commitEvery, never past uplink.latency
        detection.restore(cfg.detection(), buffer, cfg.buffer().stateEvery());
        if (!clock.trusted()) {
            log.warn("wall clock not trusted: it reads {} (before {}); good readings are buffered as time_untrusted, and the clock_step record of its correction tells the platform how far to re-date them",
                    java.time.Instant.ofEpochMilli(clock.wallNow()), java.time.Instant.ofEpochMilli(ClockService.TRUST_FLOOR_MS));
        }
        SyncUplink sync = new SyncUplink(cfg, buffer);
        // an HJ 212 platform's 1012 (set the time) records its step on the timeline
        uplinks = new Uplinks(sync, new Hj212Uplinks(live, detection, clock, (step, by) -> timeline.recordStep(step, by), bufferPath), buffer);
        timeline = new Timeline(clock, buffer, detection, uplinks);
        cycle = new Cycle(clock, buffer, detection, live, uplinks);
        status = new StatusView(this::config, clock, buffer, bufferPath, detection, devicePollers, uplinks, cycle, timeline, () -> systemd);
        status.configFile(configFile);
        reconfigure = new Reconfigure(cfg, configFile, configFile == null ? null : overlay != null ? overlay : defaultOverlay(cfg),
                live, detection, devicePollers, uplinks, status);
        if (configFile != null && cfg.uplink().key() != null) { // never over an unsigned link: anyone could reconfigure
            sync.onConfigCommand(new RemoteConfig(reconfigure, devicePollers::deviceStates, live, sync::answer)::handle);
        }
        uplinks.start(cfg);
        // One poller per connection: devices sharing a bus or a serial server are polled in turn on it.
        devicePollers.apply(cfg.devices());
        ScheduledExecutorService statusEx = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status");
            t.setDaemon(true);
            return t;
        });
        executors.add(statusEx);
        statusEx.scheduleWithFixedDelay(status::writeStatus, 0, 1, TimeUnit.SECONDS);
        statusEx.scheduleWithFixedDelay(timeline::tick, 1, 1, TimeUnit.SECONDS);
        statusEx.scheduleWithFixedDelay(timeline::checkClock, 1, 1, TimeUnit.SECONDS);
        if (cfg.uplink().key() == null) {
            log.warn("INSECURE: uplink.insecure is true and there is no key: batches are sent UNSIGNED; anyone who can publish "
                    + "to the broker can forge this gateway's data. Give it a key (uplink.keyFile) and the platform the same key.");
        }
        log.info("agent {} running: {} devices, buffer {}, uplink {}", cfg.gateway(), cfg.devices().size(),
                bufferPath, cfg.uplink().broker());
        systemd.send("READY=1\nSTATUS=polling " + cfg.devices().size() + " devices");
    }

    /** The agent's status now (what the status file holds, and what the local page shows). */
    public AgentStatus status() throws Exception {
        return status.status();
    }

    /** Every point's latest value and trend, and per-device poll counters. */
    public LiveValues liveValues() {
        return live;
    }

    /** The config running now. */
    public AgentConfig config() {
        Reconfigure r = reconfigure;
        return r == null ? initial : r.current();
    }

    /** The one way to apply a new config (SIGHUP, a platform's push, any other trigger); after {@link #start()}. */
    public Reconfigure reconfigure() {
        return reconfigure;
    }

    /** Where the local page is served (recorded in the status file for {@code ecogate values} and people). */
    public void webAddress(String url) {
        status.webAddress(url);
    }

    /** Stops polling, lets the uplink drain for at most {@code drain}, then closes everything; later calls do nothing. */
    public void stop(Duration drain) {
        if (!stopping.compareAndSet(false, true)) return;
        if (status != null) status.ended(AgentStatus.STOPPING);
        systemd.send("STOPPING=1");
        devicePollers.stop();
        for (ScheduledExecutorService ex : executors) ex.shutdown();
        for (ScheduledExecutorService ex : executors) {
            try {
                if (!ex.awaitTermination(5, TimeUnit.SECONDS)) ex.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        detection.saveAtStop(buffer);
        if (uplinks != null) {
            uplinks.closePlatforms();
            boolean drained = !drain.isZero() && Drain.withProgress(uplinks.sync(), buffer, drain);
            log.info("agent {} stopping: polling stopped, backlog {}", config().gateway(),
                    drained ? "drained" : "left in the buffer (sent after restart)");
            uplinks.sync().close();
        }
        if (buffer != null) {
            if (status != null) status.ended(AgentStatus.STOPPED);
            buffer.close();
        }
        if (lock != null) lock.close();
        Cycle c = cycle;
        log.info("agent {} stopped after {} cycles, {} readings", config().gateway(), c == null ? 0 : c.cycles(), c == null ? 0 : c.readings());
    }

    public Buffer buffer() {
        return buffer;
    }

    public SyncUplink uplink() {
        return uplinks == null ? null : uplinks.sync();
    }
}
