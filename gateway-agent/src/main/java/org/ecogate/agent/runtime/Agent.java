package org.ecogate.agent.runtime;

import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.buffer.Buffer;
import com.fasterxml.jackson.databind.JsonNode;
import org.ecogate.agent.buffer.BufferException;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.StateChange;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.buffer.BufferStats;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DeviceConfig;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.uplink.sync.SyncUplink;
import org.ecogate.agent.detect.EquipmentState;
import org.ecogate.sync.SenderStats;
import org.ecogate.sync.status.AgentStatus;
import org.ecogate.sync.status.StreamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wires config, sources, buffer and uplink and runs them: one poller thread per device connection (a dead
 * device never delays another), each cycle committed to the buffer in one transaction, then the uplink woken.
 * Lifecycle: {@link #start()}, {@link #reload} any number of times, then {@link #stop(Duration)} once; not restartable.
 */
public final class Agent {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private volatile AgentConfig cfg;
    private final ClockService clock;
    private final List<ScheduledExecutorService> pollers = new ArrayList<>();
    private final Pollers devicePollers = new Pollers(this::pollOnce);
    /** Guards the detector and its swap on reload. */
    private final Object detectLock = new Object();
    private volatile AgentStatus.Reload lastReload;
    private final AtomicLong clockSteps = new AtomicLong();
    private volatile Path configFile;
    private volatile SystemdNotify systemd = SystemdNotify.to(null, 0);
    private final LiveValues live = new LiveValues();
    private volatile String webUrl;
    private final AtomicLong cycles = new AtomicLong();
    private final AtomicLong readings = new AtomicLong();
    private final AtomicLong failedCycles = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean stopping = new java.util.concurrent.atomic.AtomicBoolean();
    private InstanceLock lock;
    private Buffer buffer;
    private SyncUplink uplink;
    private Hj212Uplinks hj212;
    private Detector detector;
    private TimedDetector timed;

    public Agent(AgentConfig cfg, ClockService clock) {
        this.cfg = cfg;
        this.clock = clock;
    }

    /** Where readiness, watchdog pings and stopping go (systemd's $NOTIFY_SOCKET); set before {@link #start()}. */
    public void notifyTo(SystemdNotify systemd) {
        this.systemd = systemd;
    }

    public SystemdNotify notifier() {
        return systemd;
    }

    /** The file the config came from: with it (and a signed uplink) the platform may push configs ({@link RemoteConfig}). */
    public void configFile(Path file) {
        this.configFile = file;
    }

    public Path bufferPath() {
        return cfg.source().resolve(cfg.buffer().path());
    }

    /** Starts; {@link InstanceLock.HeldException} when another agent runs on the same buffer (nothing started then). */
    public void start() throws BufferException, InstanceLock.HeldException, java.io.IOException {
        lock = InstanceLock.acquire(bufferPath());
        live.configure(cfg.devices());
        // retention ages, keepAcked/keepDocs and the buffer's own timers run on the agent timeline: a step is no age
        buffer = SqliteBuffer.open(bufferPath(), org.ecogate.agent.buffer.BufferSettings.of(cfg.buffer()).withClock(clock.agentClock()));
        if (!cfg.detection().isEmpty()) {
            String saved = buffer.detectorState();
            long[] rebuilt = {0};
            // continues the saved timeline; the open summary windows are rebuilt from the buffered readings (issue 22)
            timed = TimedDetector.restore(cfg.detection(), saved, clock, buffer, rebuilt);
            if (rebuilt[0] > 0) log.info("summary windows rebuilt from {} buffered readings", rebuilt[0]);
            detector = timed.detector();
            List<Event> open = detector.openEvents();
            if (saved != null) {
                log.info("detector state restored: {} open events continue{}", open.size(),
                        open.isEmpty() ? "" : " (" + String.join(", ", open.stream().map(Event::id).toList()) + ")");
            }
        }
        if (!clock.trusted()) {
            log.warn("wall clock not trusted: it reads {} (before {}); good readings are buffered as time_untrusted, and the clock_step record of its correction tells the platform how far to re-date them",
                    java.time.Instant.ofEpochMilli(clock.wallNow()), java.time.Instant.ofEpochMilli(ClockService.TRUST_FLOOR_MS));
        }
        uplink = new SyncUplink(cfg, buffer);
        if (configFile != null && cfg.uplink().key() != null) { // never over an unsigned link: anyone could reconfigure
            uplink.onConfigCommand(new RemoteConfig(this, configFile, uplink::answer)::handle);
        }
        uplink.start();
        hj212 = new Hj212Uplinks(cfg, buffer, detector, clock, this::recordStep, bufferPath());
        hj212.start();
        // One poller per connection: devices sharing a bus or a serial server are polled in turn on it.
        devicePollers.apply(cfg.devices());
        ScheduledExecutorService statusEx = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "status");
            t.setDaemon(true);
            return t;
        });
        pollers.add(statusEx);
        statusEx.scheduleWithFixedDelay(this::writeStatus, 0, 1, TimeUnit.SECONDS);
        statusEx.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        statusEx.scheduleWithFixedDelay(this::checkClock, 1, 1, TimeUnit.SECONDS);
        if (cfg.uplink().key() == null) {
            log.warn("INSECURE: uplink.insecure is true and there is no key: batches are sent UNSIGNED; anyone who can publish "
                    + "to the broker can forge this gateway's data. Give it a key (uplink.keyFile) and the platform the same key.");
        }
        log.info("agent {} running: {} devices, buffer {}, uplink {}", cfg.gateway(), cfg.devices().size(),
                bufferPath(), cfg.uplink().broker());
        systemd.send("READY=1\nSTATUS=polling " + cfg.devices().size() + " devices");
    }

    private void pollOnce(Source s) {
        try {
            // sources and the detector run on the agent timeline (backoff, probes, debounce never jump); the buffered
            // readings carry wall-clock timestamps
            long now = clock.agentNow();
            List<Reading> cycle = s.poll(now);
            List<Reading> stamped = clock.toWall(cycle);
            live.update(stamped);
            synchronized (detectLock) {
                if (detector == null) {
                    buffer.append(stamped);
                } else {
                    // Readings, the events and summaries they caused, and (when it caused any) the detector state:
                    // one transaction. A cycle without output leaves the state to tick() (at most every 10 s).
                    Output out = timed.onReadings(cycle, stamped, now);
                    buffer.appendCycle(stamped, docs(out), timed.stateWith(out));
                    report(out);
                }
            }
            cycles.incrementAndGet();
            readings.addAndGet(cycle.size());
            uplink.wakeUp();
            hj212.onCycle(stamped); // wall-stamped, as the uplinks' clock (QN, DataTime) reads the corrected wall time
        } catch (BufferException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle not buffered: {}", s.deviceId(), e.getMessage());
        } catch (RuntimeException e) {
            failedCycles.incrementAndGet();
            log.error("device \"{}\": poll cycle failed: {}", s.deviceId(), e.toString());
        }
    }

    /** A wall-clock step is recorded as a clock_step event (synced to the platform like every event) and logged. */
    private void checkClock() {
        try {
            for (ClockService.Step step : clock.check()) {
                recordStep(step, null);
            }
        } catch (RuntimeException e) {
            log.error("clock check failed: {}", e.toString());
        }
    }

    /** Logs and buffers one step; {@code source} null for the system clock, else who set the time (a 1012). */
    private void recordStep(ClockService.Step step, String source) {
        clockSteps.incrementAndGet();
        log.warn("clock_step: the wall clock jumped {} ms, from {} to {}{}; timers, durations and retention ages "
                + "are unaffected (monotonic)", step.sizeMs(), java.time.Instant.ofEpochMilli(step.from()),
                java.time.Instant.ofEpochMilli(step.to()), source == null ? "" : " (set by " + source + ")");
        try {
            buffer.appendCycle(List.of(), List.of(ClockSteps.doc(step, clock.trusted(), source)), null);
            uplink.wakeUp();
        } catch (Exception e) {
            log.error("clock step not buffered: {}", e.toString());
        }
    }

    /** Time passes without readings: offline detection, debounce expiry, closing summary windows. */
    private void tick() {
        try {
            synchronized (detectLock) {
                if (detector == null) return;
                Output out = timed.tick();
                String state = out.isEmpty() ? timed.stateIfDue() : timed.stateWith(out);
                if (state == null) return;
                buffer.appendCycle(List.of(), docs(out), state);
                report(out);
            }
            uplink.wakeUp();
            hj212.wakeUp();
        } catch (Exception e) {
            log.error("detector tick not buffered: {}", e.toString());
        }
    }

    static List<Doc> docs(Output out) {
        if (out.events().isEmpty() && out.summaries().isEmpty()) return List.of();
        List<Doc> docs = new ArrayList<>(out.events().size() + out.summaries().size());
        for (Event e : out.events()) docs.add(new Doc(Buffer.EVENTS, e.id(), e.emittedAt(), DetectJson.write(e)));
        for (Summary s : out.summaries()) docs.add(new Doc(Buffer.SUMMARIES, s.kind() + ":" + s.subject(), s.start(), DetectJson.write(s)));
        return docs;
    }

    private static void report(Output out) {
        for (StateChange c : out.changes()) {
            log.info("equipment \"{}\": {} -> {}", c.equipment(), c.from(), c.to());
        }
        for (Event e : out.events()) {
            String eq = e.equipment().stream().map(id -> e.equipmentStates().containsKey(id)
                    ? id + " (" + e.equipmentStates().get(id) + ")" : id).collect(java.util.stream.Collectors.joining(", "));
            String subject = e.facility() != null ? "facility " + e.facility() : e.point() != null ? "point " + e.point() : "";
            if (Event.WARNING.equals(e.type())) {
                log.warn("event {} {} {} {} level {} rolling average {} ({})", e.type(), e.status(), subject, e.point(),
                        e.level(), e.value(), e.id());
            } else {
                log.warn("event {} {} {} after {} s, equipment: {} ({})", e.type(), e.status(), subject,
                        e.durationSeconds(), eq, e.id());
            }
        }
    }

    private void writeStatus() {
        try {
            AgentStatus st = status();
            // the status loop runs and the buffer answers: alive, even when the disk refuses the status file (full disk)
            systemd.send("WATCHDOG=1");
            StatusFile.write(StatusFile.pathFor(bufferPath()), st);
        } catch (Exception e) {
            log.debug("status file not written: {}", e.toString());
        }
    }

    /** The agent's status now (what the status file holds, and what the local page shows). */
    public AgentStatus status() throws Exception {
        String health = null;
        Map<String, String> equipment = null;
        List<JsonNode> open = null;
        synchronized (detectLock) {
            if (detector != null) {
                health = detector.health().name().toLowerCase();
                equipment = new LinkedHashMap<>();
                for (Map.Entry<String, EquipmentState> e : detector.equipmentStates().entrySet()) equipment.put(e.getKey(), e.getValue().name());
                open = new ArrayList<>();
                for (Event e : detector.openEvents()) open.add(JSON.readTree(DetectJson.write(e)));
            }
        }
        Map<String, String> devices = new LinkedHashMap<>();
        for (Source s : devicePollers.sources()) devices.putAll(s.deviceStates());
        SenderStats u = uplink.stats();
        Map<String, StreamCounters> docStreams = new LinkedHashMap<>();
        for (String stream : Buffer.STREAMS) {
            if (!Buffer.READINGS.equals(stream)) docStreams.put(stream, buffer.counters(stream));
        }
        BufferStats b = buffer.stats();
        return new AgentStatus(cfg.gateway(), ProcessHandle.current().pid(), clock.wallNow(), cycles.get(), readings.get(),
                failedCycles.get(), health, equipment, open, devices,
                new AgentStatus.Uplink(u.connected(), u.batchesSent(), u.recordsSent(), u.resends(), u.acks(), u.reconnects()),
                uplink.syncStatus(), docStreams,
                new AgentStatus.Buffer(b.epoch(), b.rows(), b.lastSeq(), b.ackedThrough(), b.backlog(), b.oldestUnackedTs(), b.fileBytes()),
                hj212.status(), webUrl, cfg.detection().timezone().getId(), lastReload, clockSteps.get());
    }

    /** Every point's latest value and trend, and per-device poll counters. */
    public LiveValues liveValues() {
        return live;
    }

    public AgentConfig config() {
        return cfg;
    }

    /** Where the local page is served (recorded in the status file for {@code ecogate values} and people). */
    public void webAddress(String url) {
        this.webUrl = url;
    }

    /** The outcome of a reload, as the log and the status file ({@code lastReload}) tell it. */
    public record Reload(boolean applied, String message, AgentConfig config) {}

    /**
     * Re-reads {@code file} and applies it: validated first (a bad file keeps the running config and says why);
     * devices added, removed or changed while the others keep polling; detection swapped with its state (open
     * events, debounce, ledgers) kept; the buffer untouched. Gateway id, buffer and uplinks need a restart.
     */
    public synchronized Reload reload(Path file) {
        AgentConfig next;
        try {
            next = ConfigLoader.load(file);
        } catch (ConfigException e) {
            return reloaded(false, "kept the running config: " + e.getMessage(), cfg);
        }
        List<String> restart = new ArrayList<>();
        if (!next.gateway().equals(cfg.gateway())) restart.add("gateway");
        if (!next.buffer().equals(cfg.buffer()) || !next.source().resolve(next.buffer().path()).equals(bufferPath())) restart.add("buffer");
        if (!next.uplink().equals(cfg.uplink())) restart.add("uplink");
        if (!next.uplinks().equals(cfg.uplinks())) restart.add("uplinks (HJ 212)");
        if (!cfg.uplinks().isEmpty() && !next.detection().equals(cfg.detection())) restart.add("detection (the HJ 212 uplinks use it)");
        if (!restart.isEmpty()) {
            return reloaded(false, "kept the running config: " + String.join(", ", restart)
                    + " changed, which needs a restart (systemctl restart ecogate)", cfg);
        }
        live.configure(next.devices());
        synchronized (detectLock) {
            if (!next.detection().equals(cfg.detection())) {
                detector = next.detection().isEmpty() ? null
                        : Detector.restore(next.detection(), detector == null ? null : detector.snapshot());
                timed = detector == null ? null : new TimedDetector(detector, clock);
            }
        }
        Pollers.Change change;
        try {
            change = devicePollers.apply(next.devices());
        } catch (RuntimeException e) {
            return reloaded(false, "devices not all started: " + e.getMessage(), cfg);
        }
        cfg = next;
        return reloaded(true, "applied: devices " + change, next);
    }

    /** Records the outcome of a platform's config command as the last reload (status {@code lastReload}). */
    void reportReload(boolean applied, String message) {
        lastReload = new AgentStatus.Reload(clock.wallNow(), applied, message);
    }

    private Reload reloaded(boolean applied, String message, AgentConfig c) {
        if (applied) log.info("config reload {}", message);
        else log.error("config reload refused, {}", message);
        lastReload = new AgentStatus.Reload(clock.wallNow(), applied, message);
        return new Reload(applied, message, c);
    }

    /** Stops polling, lets the uplink drain for at most {@code drain}, then closes everything; later calls do nothing. */
    public void stop(Duration drain) {
        if (!stopping.compareAndSet(false, true)) return;
        systemd.send("STOPPING=1");
        devicePollers.stop();
        for (ScheduledExecutorService ex : pollers) ex.shutdown();
        for (ScheduledExecutorService ex : pollers) {
            try {
                if (!ex.awaitTermination(5, TimeUnit.SECONDS)) ex.shutdownNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        saveDetectorState();
        if (hj212 != null) hj212.close();
        if (uplink != null) {
            boolean drained = !drain.isZero() && drainWithProgress(drain);
            log.info("agent {} stopping: polling stopped, backlog {}", cfg.gateway(),
                    drained ? "drained" : "left in the buffer (sent after restart)");
            uplink.close();
        }
        if (buffer != null) {
            writeStatus();
            buffer.close();
        }
        if (lock != null) lock.close();
        log.info("agent {} stopped after {} cycles, {} readings", cfg.gateway(), cycles.get(), readings.get());
    }

    /** At a clean stop (polling stopped): the detector's progress since its last save, so a restart loses nothing. */
    private void saveDetectorState() {
        synchronized (detectLock) {
            if (timed == null || buffer == null) return;
            try {
                String state = timed.stateIfUnsaved();
                if (state != null) buffer.appendCycle(List.of(), List.of(), state);
            } catch (BufferException | RuntimeException e) {
                log.error("detector state not saved at stop: {} (the state of up to {} s earlier is restored at start)",
                        e.toString(), TimedDetector.SAVE_EVERY_MS / 1000);
            }
        }
    }

    /** Drains for at most {@code max}, saying every 2 s how much is left (a drain on a thin link takes a while). */
    private boolean drainWithProgress(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            if (uplink.drain(Duration.ofNanos(Math.min(left, 2_000_000_000L)))) return true;
            if (deadline - System.nanoTime() < 500_000_000L) return false;
            try {
                long docs = 0;
                for (String stream : Buffer.STREAMS) if (!Buffer.READINGS.equals(stream)) docs += buffer.counters(stream).backlog();
                log.info("draining: {} readings and {} events/summaries/gaps not yet acknowledged, {} s left", buffer.stats().backlog(),
                        docs, Math.max(0, (deadline - System.nanoTime()) / 1_000_000_000L));
            } catch (BufferException e) {
                log.debug("drain progress: {}", e.toString());
            }
        }
    }

    public Buffer buffer() {
        return buffer;
    }

    public SyncUplink uplink() {
        return uplink;
    }
}
