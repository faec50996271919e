package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.acquisition.Source;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferStats;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.detect.Event;
import org.ecogate.sync.SenderStats;
import org.ecogate.agentstatus.AgentStatus;
import org.ecogate.agentstatus.StreamCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Assembles the agent's status (what the status file holds and the local page shows) from the running parts, and
 * writes it on change and at most every {@code buffer.statusEvery} otherwise ({@link StatusFile.Writer}), pinging the watchdog each second. Thread-safe. Trap: the watchdog is pinged even when the disk
 * refuses the status file: the status loop runs and the buffer answers, so the agent is alive.
 */
final class StatusView {
    private static final Logger log = LoggerFactory.getLogger(Agent.class); // the lines read as the agent's
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<AgentConfig> cfg;
    private final ClockService clock;
    private final Buffer buffer;
    private final Path bufferPath;
    private final Detection detection;
    private final Pollers pollers;
    private final Uplinks uplinks;
    private final Cycle cycle;
    private final Timeline timeline;
    private final Supplier<SystemdNotify> systemd;
    private volatile AgentStatus.Reload lastReload;
    private volatile String webUrl;
    /** The admin's config file and its SHA-256 as running (views compare it with the file on disk). */
    private volatile Path configFile;
    private volatile String configSha;
    private volatile String state = AgentStatus.RUNNING;
    private final StatusFile.Writer file;

    StatusView(Supplier<AgentConfig> cfg, ClockService clock, Buffer buffer, Path bufferPath, Detection detection,
               Pollers pollers, Uplinks uplinks, Cycle cycle, Timeline timeline, Supplier<SystemdNotify> systemd) {
        this.cfg = cfg;
        this.clock = clock;
        this.buffer = buffer;
        this.bufferPath = bufferPath;
        this.detection = detection;
        this.pollers = pollers;
        this.uplinks = uplinks;
        this.cycle = cycle;
        this.timeline = timeline;
        this.systemd = systemd;
        this.file = new StatusFile.Writer(StatusFile.pathFor(bufferPath), cfg.get().buffer().statusEvery());
    }

    void writeStatus() {
        try {
            AgentStatus st = status();
            // the status loop runs and the buffer answers: alive, even when the disk refuses the status file (full disk)
            systemd.get().send("WATCHDOG=1");
            if (!AgentStatus.RUNNING.equals(state)) file.writeNow(st); // stopping, stopped: the last word, at once
            else file.offer(st);
        } catch (Exception e) {
            log.debug("status file not written: {}", e.toString());
        }
    }

    /** The agent's status now (what the status file holds, and what the local page shows). */
    AgentStatus status() throws Exception {
        String health = null;
        Map<String, String> equipment = null;
        List<JsonNode> open = null;
        List<Event> openEvents = List.of();
        Detection.View d = detection.view();
        if (d != null) {
            health = d.health();
            equipment = d.equipment();
            open = new ArrayList<>();
            openEvents = d.open();
            for (Event e : openEvents) open.add(JSON.readTree(DetectJson.write(e)));
        }
        Map<String, String> devices = new LinkedHashMap<>();
        Map<String, AgentStatus.DeviceError> errors = new LinkedHashMap<>();
        for (Source s : pollers.sources()) {
            devices.putAll(s.deviceStates());
            s.lastFailures().forEach((id, f) -> errors.put(id, new AgentStatus.DeviceError(f.error(), clock.toWall(f.time()))));
        }
        SenderStats u = uplinks.sync().stats();
        Map<String, StreamCounters> docStreams = new LinkedHashMap<>();
        for (String stream : Buffer.STREAMS) {
            if (!Buffer.READINGS.equals(stream)) docStreams.put(stream, buffer.counters(stream));
        }
        BufferStats b = buffer.stats();
        AgentConfig c = cfg.get();
        AgentStatus.Buffer buf = new AgentStatus.Buffer(b.epoch(), b.rows(), b.lastSeq(), b.ackedThrough(), b.backlog(), b.oldestUnackedTs(), b.fileBytes());
        AgentStatus.Sync sync = uplinks.sync().syncStatus();
        List<AgentStatus.PlatformUplink> hj = uplinks.platformStatus();
        long now = clock.wallNow();
        Map<String, StreamCounters> counters = new LinkedHashMap<>(docStreams);
        counters.put(Buffer.READINGS, buf.readings());
        List<AgentStatus.Delivery> delivery = DeliveryHealth.all(sync, counters, hj, c.uplink().ackTimeout().plus(c.uplink().latency()),
                org.ecogate.agent.config.Settings.UPLINK_RED_AFTER.defaultValue(), now);
        StatusViews.Health overall = StatusViews.health(health, equipment, openEvents, delivery);
        Path file = configFile;
        return new AgentStatus(c.gateway(), ProcessHandle.current().pid(), now, cycle.cycles(), cycle.readings(),
                cycle.failedCycles(), overall.colour(), equipment, open, devices,
                new AgentStatus.Uplink(u.connected(), u.batchesSent(), u.recordsSent(), u.resends(), u.acks(), u.reconnects()),
                sync, docStreams, buf, hj, webUrl, c.detection().timezone().getId(), lastReload, timeline.clockSteps(),
                state, file == null ? null : file.toAbsolutePath().toString(), configSha, health,
                overall.reasons(), delivery, StatusViews.facilities(c.detection(), equipment, openEvents), errors);
    }

    /** The admin's file the running config came from (its digest is what views compare with the file on disk). */
    void configFile(Path file) {
        this.configFile = file;
        this.configSha = file == null ? null : RunningConfig.digest(file);
    }

    /** Stopping or stopped ({@link AgentStatus#STOPPING}, {@link AgentStatus#STOPPED}): written at once for the views. */
    void ended(String state) {
        this.state = state;
        writeStatus();
    }

    /** The outcome of the last reconfigure (status {@code lastReload}). */
    void reloaded(boolean applied, String message) {
        lastReload = new AgentStatus.Reload(clock.wallNow(), applied, message);
        if (applied && configFile != null) configSha = RunningConfig.digest(configFile);
    }

    void webAddress(String url) {
        this.webUrl = url;
    }
}
