package org.ecogate.agentstatus;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The running agent's status as it writes it beside its buffer ({@code <buffer>.status.json}, once a second):
 * the one typed contract between the agent and what reads it from another process (the {@code ecogate} CLI,
 * the local web page, the simulator's demo), read and written with Jackson. Immutable. Trap: keep the
 * component order, it is the key order of the file and of {@code ecogate status --json}.
 *
 * @param updated      agent clock, epoch ms, when written; see {@link #isLive}
 * @param health       green/yellow/red, null without detection (as are {@code equipment} and {@code openEvents})
 * @param openEvents   open detection events, each as the agent stores events (times epoch ms)
 * @param devices      device id to its state (ok, offline, ...)
 * @param docStreams   counters of the document streams (events, gaps, summaries); readings are in {@code buffer}
 * @param uplinks      the HJ 212 platforms beside the sync (null or empty when none configured)
 * @param web          address of the agent's local page (and /api/values, /metrics), null when it serves none
 * @param timezone     the site's time zone (detection.timezone): times people read are shown in it
 * @param lastReload   outcome of the last SIGHUP reload, null before the first
 * @param clockSteps   wall-clock steps the agent detected (or a platform's time set) since start
 * @param state        running, stopping (draining at a stop) or stopped (written last at a clean stop); null in
 *                     files of older agents (read as running)
 * @param configFile   the config file the agent runs with, and {@code configSha256} the SHA-256 of its bytes when
 *                     the agent loaded it: a view compares them with the file on disk
 * @param plantHealth  the plant's own colour (the detector's); {@code health} is the worst of it and delivery's
 * @param healthReasons why {@code health} is not green, one short line each (empty when green)
 * @param delivery     per uplink: is the platform confirming what it gets, and since when not
 * @param facilities   per treatment facility: production running? treatment running? outage open since when?
 * @param deviceErrors device id to its last poll error and when (only devices that ever failed)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AgentStatus(String gateway, long pid, long updated, long cycles, long readings, long failedCycles,
                          String health, Map<String, String> equipment, List<JsonNode> openEvents,
                          Map<String, String> devices, Uplink uplink, Sync sync,
                          Map<String, StreamCounters> docStreams, Buffer buffer, List<PlatformUplink> uplinks,
                          String web, String timezone, Reload lastReload, long clockSteps,
                          String state, String configFile, String configSha256, String plantHealth,
                          List<String> healthReasons, List<Delivery> delivery, List<Facility> facilities,
                          Map<String, DeviceError> deviceErrors) {
    /** A status older than this, without a live process behind it, means the agent is not running. */
    public static final long LIVE_MILLIS = 5000;
    public static final String RUNNING = "running";
    public static final String STOPPING = "stopping";
    public static final String STOPPED = "stopped";

    /** Where the agent writes its status: beside its buffer file, {@code <buffer>.status.json}. */
    public static Path fileFor(Path buffer) {
        return Path.of(buffer.toAbsolutePath() + ".status.json");
    }

    /**
     * Whether the agent was running at {@code nowMs} judged from this status alone: not stopped, written less than
     * 5 s before. A reader in another process asks the process too ({@code ecogate status} does).
     */
    public boolean isLive(long nowMs) {
        return !STOPPED.equals(state) && nowMs - updated < LIVE_MILLIS;
    }

    /**
     * One uplink's delivery health. {@code state}: {@code ok}, {@code broker unreachable}, {@code platform not
     * answering} (connected, but no ack for longer than ackTimeout + latency while records wait) or {@code
     * not connected} (HJ 212). Times are epoch ms (0 = never / none), ages in seconds at {@code updated} (-1 = none).
     */
    public record Delivery(String uplink, String state, String health, String reason, long lastConfirmed,
                           long lastConfirmedSecondsAgo, long oldestUnconfirmed, long oldestUnconfirmedSecondsAgo) {}

    /**
     * One treatment facility now. {@code production}: running, stopped, unknown (no data) or always (no production
     * linked); {@code treatment}: running, stopped (some required equipment stopped or abnormal: {@code abnormal}),
     * or unknown; {@code outageSince}: start of the open outage, epoch ms, null when none.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Facility(String id, String production, String treatment, List<String> abnormal, Long outageSince) {}

    /** A device's last poll error and when it happened (epoch ms). */
    public record DeviceError(String error, long time) {}

    /** A config reload: when (epoch ms), whether it was applied, and what changed or why it was refused. */
    public record Reload(long time, boolean applied, String message) {}

    /** The uplink's connection counters. */
    public record Uplink(boolean connected, long batchesSent, long recordsSent, long resends, long acks, long reconnects) {}

    /** The sync sender's view: connection, bytes, and per stream its progress. */
    public record Sync(boolean connected, long bytesSent, Map<String, SyncStream> streams, Link link) {}

    /**
     * What the sender measured and derived: round trip (batch sent to its ack), acknowledged bytes per second,
     * the bytes a lane may have in flight, and the {@code uplink.latency} budget of readings.
     */
    public record Link(long rttMs, long bytesPerSecond, long windowBytes, long latencyMs) {}

    /**
     * The sender's progress on one stream; {@code liveAfter}/{@code liveThrough} only while a live lane is open.
     * {@code ackRate} records/s rounded to 0.1, {@code bytesPerRecord} rounded to 0.01.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SyncStream(long ackedThrough, long sentThrough, int inflight, double ackRate, double bytesPerRecord,
                             long lastAckMillis, Long liveAfter, Long liveThrough) {}

    /**
     * One HJ 212 platform: connection, messages sent / acknowledged by 9014 / never answered, and, when it takes
     * summaries, its delivery cursor, backlog and the gaps its age cap recorded ({@code null} otherwise).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlatformUplink(String name, String protocol, String target, String mn, boolean connected, long connects,
                                 long sent, long acked, long unanswered, long lastAckMillis, String lastError,
                                 Long cursor, Long backlog, Long gaps, Long gapRecords) {}

    /** The readings stream's counters and the buffer file's size (the database with its -wal and -shm). */
    public record Buffer(long epoch, long rows, long lastSeq, long ackedThrough, long backlog, long oldestUnackedTs,
                         long fileBytes) {
        public StreamCounters readings() {
            return new StreamCounters(lastSeq, ackedThrough, backlog, oldestUnackedTs);
        }
    }
}
