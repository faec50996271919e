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
 * writes it once a second with the watchdog ping. Thread-safe. Trap: the watchdog is pinged even when the disk
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
    }

    void writeStatus() {
        try {
            AgentStatus st = status();
            // the status loop runs and the buffer answers: alive, even when the disk refuses the status file (full disk)
            systemd.get().send("WATCHDOG=1");
            StatusFile.write(StatusFile.pathFor(bufferPath), st);
        } catch (Exception e) {
            log.debug("status file not written: {}", e.toString());
        }
    }

    /** The agent's status now (what the status file holds, and what the local page shows). */
    AgentStatus status() throws Exception {
        String health = null;
        Map<String, String> equipment = null;
        List<JsonNode> open = null;
        Detection.View d = detection.view();
        if (d != null) {
            health = d.health();
            equipment = d.equipment();
            open = new ArrayList<>();
            for (Event e : d.open()) open.add(JSON.readTree(DetectJson.write(e)));
        }
        Map<String, String> devices = new LinkedHashMap<>();
        for (Source s : pollers.sources()) devices.putAll(s.deviceStates());
        SenderStats u = uplinks.sync().stats();
        Map<String, StreamCounters> docStreams = new LinkedHashMap<>();
        for (String stream : Buffer.STREAMS) {
            if (!Buffer.READINGS.equals(stream)) docStreams.put(stream, buffer.counters(stream));
        }
        BufferStats b = buffer.stats();
        AgentConfig c = cfg.get();
        return new AgentStatus(c.gateway(), ProcessHandle.current().pid(), clock.wallNow(), cycle.cycles(), cycle.readings(),
                cycle.failedCycles(), health, equipment, open, devices,
                new AgentStatus.Uplink(u.connected(), u.batchesSent(), u.recordsSent(), u.resends(), u.acks(), u.reconnects()),
                uplinks.sync().syncStatus(), docStreams,
                new AgentStatus.Buffer(b.epoch(), b.rows(), b.lastSeq(), b.ackedThrough(), b.backlog(), b.oldestUnackedTs(), b.fileBytes()),
                uplinks.platformStatus(), webUrl, c.detection().timezone().getId(), lastReload, timeline.clockSteps());
    }

    /** The outcome of the last reconfigure (status {@code lastReload}). */
    void reloaded(boolean applied, String message) {
        lastReload = new AgentStatus.Reload(clock.wallNow(), applied, message);
    }

    void webAddress(String url) {
        this.webUrl = url;
    }
}
