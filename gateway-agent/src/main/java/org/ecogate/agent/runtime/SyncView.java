package org.ecogate.agent.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ecogate.agentstatus.AgentStatus;
import org.ecogate.agentstatus.StreamCounters;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code ecogate sync status} shows, computed from an {@link AgentStatus}: per stream the acknowledged seq,
 * backlog in records, wire bytes (sender's bytes per record) and buffer bytes (readings' share of the file),
 * oldest unacknowledged time (site zone), drain rate and time to drain, and each uplink's delivery health. Immutable; its JSON is the command's {@code --json}.
 * Trap: -1 means unknown (no counters for the stream), never "none". {@code uplinks}: the HJ 212 platforms.
 */
public record SyncView(String gateway, boolean live, boolean connected, Map<String, Stream> streams, boolean draining,
                       @JsonInclude(JsonInclude.Include.NON_NULL) AgentStatus.Link link,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<AgentStatus.PlatformUplink> uplinks,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) java.util.List<AgentStatus.Delivery> delivery) {

    public record Stream(long ackedThrough, long lastSeq, long backlogRecords, long backlogWireBytes,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long backlogBufferBytes, long oldestUnackedTs,
                         String oldestUnacked, double drainRate, long etaSeconds, int inflight, long liveAfter,
                         long liveThrough) {}

    /** The view of a status judged running by its age alone (tests, tools); the commands pass what they know. */
    public static SyncView of(AgentStatus st, long nowMs) {
        return of(st, nowMs, StatusFile.isLive(st, nowMs));
    }

    /** {@code oldestUnacked} is ISO-8601 in the site's zone (the status's timezone), as people read it. */
    public static SyncView of(AgentStatus st, long nowMs, boolean running) {
        java.time.ZoneId zone = st.timezone() == null ? java.time.ZoneOffset.UTC : java.time.ZoneId.of(st.timezone());
        AgentStatus.Buffer b = st.buffer();
        AgentStatus.Sync sync = st.sync();
        boolean connected = sync != null ? sync.connected() : st.uplink() != null && st.uplink().connected();
        Map<String, Stream> streams = new LinkedHashMap<>();
        boolean draining = false;
        Map<String, AgentStatus.SyncStream> progress = sync == null || sync.streams() == null ? Map.of() : sync.streams();
        for (Map.Entry<String, AgentStatus.SyncStream> e : progress.entrySet()) {
            AgentStatus.SyncStream s = e.getValue();
            StreamCounters c = st.docStreams() == null ? null : st.docStreams().get(e.getKey());
            if (c == null && e.getKey().equals("readings") && b != null) c = b.readings();
            long backlog = c == null ? -1 : c.backlog();
            long oldest = c == null ? 0 : c.oldestUnackedTs();
            long acked = c == null ? s.ackedThrough() : Math.max(s.ackedThrough(), c.ackedThrough());
            Long bufferBytes = e.getKey().equals("readings") && b != null && b.rows() > 0
                    ? Math.round((double) backlog / b.rows() * b.fileBytes()) : null;
            double rate = s.ackRate();
            streams.put(e.getKey(), new Stream(acked, c == null ? -1 : c.lastSeq(), backlog,
                    backlog < 0 ? -1 : Math.round(backlog * s.bytesPerRecord()), bufferBytes, oldest,
                    oldest > 0 ? java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(Instant.ofEpochMilli(oldest).atZone(zone)) : null, rate,
                    backlog > 0 && rate > 0 ? Math.round(backlog / rate) : backlog == 0 ? 0 : -1, s.inflight(),
                    s.liveAfter() == null ? 0 : s.liveAfter(), s.liveThrough() == null ? 0 : s.liveThrough()));
            draining |= backlog > 0 && rate > 0;
        }
        return new SyncView(st.gateway(), running, connected, streams, draining, sync == null ? null : sync.link(),
                st.uplinks() == null ? java.util.List.of() : st.uplinks(), st.delivery() == null ? java.util.List.of() : st.delivery());
    }
}
