package org.ecogate.agent.uplink.sync;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.Settings;
import org.ecogate.agent.config.UplinkConfig;
import org.ecogate.agent.uplink.Uplink;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SenderStats;
import org.ecogate.sync.StreamProgress;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.TlsConfig;
import org.ecogate.agentstatus.AgentStatus;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ecogate sync uplink: a sync-protocol sender (over MQTT) fed from the buffer, configured from the
 * {@code uplink} section. Owns one sender thread. Thread-safe: {@link #wakeUp()} may be called from any poller.
 */
public final class SyncUplink implements Uplink {
    private final SyncSender sender;
    private final long latencyMs;
    private final String threadName;

    public SyncUplink(AgentConfig cfg, Buffer buffer) {
        SenderConfig sc = senderConfig(cfg, buffer.epoch());
        this.sender = new SyncSender(sc, new BufferSenderSource(buffer));
        this.latencyMs = sc.latency().toMillis();
        this.threadName = "sync-sender-" + cfg.gateway();
    }

    /** The name {@link SyncSender} gives its sender thread (the agent exits when that thread dies of an error). */
    public String threadName() {
        return threadName;
    }

    static SenderConfig senderConfig(AgentConfig cfg, long epoch) {
        UplinkConfig u = cfg.uplink();
        TlsConfig tls = new TlsConfig(p(u.caFile()), p(u.certFile()), p(u.certKeyFile()),
                Settings.UPLINK_VERIFY_HOSTNAME.or(u.verifyHostname()));
        return SenderConfig.builder(u.broker(), cfg.gateway())
                .clientId(u.clientId()).epoch(epoch).streams(Buffer.STREAMS)
                .batchMaxRecords(Settings.UPLINK_BATCH_MAX_RECORDS.or(u.batchMaxRecords()))
                .window(Settings.UPLINK_WINDOW.or(u.window()))
                .ackTimeout(Settings.UPLINK_ACK_TIMEOUT.or(u.ackTimeout()))
                .credentials(u.username(), u.password())
                .tls(tls)
                .key(u.key() == null ? null : u.key().getBytes(StandardCharsets.UTF_8))
                .encoding(Encoding.parse(Settings.UPLINK_ENCODING.or(u.encoding())))
                .batchMaxBytes(Settings.UPLINK_BATCH_MAX_BYTES.or(u.batchMaxBytes()))
                .statusInterval(Settings.UPLINK_STATUS_INTERVAL.or(u.statusInterval()))
                .historicalAfter(Settings.UPLINK_HISTORICAL_AFTER.or(u.historicalAfter()))
                .liveFirst(Settings.UPLINK_LIVE_FIRST.or(u.liveFirst()))
                .latency(Settings.UPLINK_LATENCY.or(u.latency()), List.of(Buffer.READINGS))
                .keepAlive(Settings.UPLINK_KEEP_ALIVE.or(u.keepAlive()))
                .build();
    }

    private static Path p(String s) {
        return s == null ? null : Path.of(s);
    }

    @Override
    public void start() {
        sender.start();
    }

    /** Who takes the platform's {@code config} commands (see {@link SyncSender#onConfigCommand}). */
    public void onConfigCommand(java.util.function.Consumer<org.ecogate.sync.Command> handler) {
        sender.onConfigCommand(handler);
    }

    /** Publishes the result of command {@code id}. */
    public void answer(String id, String detail) {
        sender.answer(id, detail);
    }

    @Override
    public void wakeUp() {
        sender.wakeUp();
    }

    /** Waits until everything buffered when called is acknowledged, at most {@code max}. */
    @Override
    public boolean drain(Duration max) {
        return sender.drain(max);
    }

    public SenderStats stats() {
        return sender.stats();
    }

    /** Per stream progress (acked, sent, in flight, ack rate, bytes per record), in priority order. */
    public List<StreamProgress> progress() {
        return sender.progress();
    }

    /** What {@code ecogate sync status} needs: the {@code sync} section of the agent's status. */
    public AgentStatus.Sync syncStatus() {
        SenderStats s = sender.stats();
        Map<String, AgentStatus.SyncStream> streams = new LinkedHashMap<>();
        for (StreamProgress p : sender.progress()) {
            boolean lane = p.liveAfter() > 0;
            streams.put(p.stream(), new AgentStatus.SyncStream(p.ackedThrough(), p.sentThrough(), p.inflight(),
                    Math.round(p.ackRate() * 10) / 10.0, Math.round(p.bytesPerRecord() * 100) / 100.0, p.lastAckMillis(),
                    lane ? p.liveAfter() : null, lane ? p.liveThrough() : null));
        }
        // what the sender derived from uplink.latency and the measured link
        AgentStatus.Link link = new AgentStatus.Link(s.rttMillis(), s.linkBytesPerSecond(), s.windowBytes(), latencyMs);
        return new AgentStatus.Sync(s.connected(), s.bytesSent(), streams, link);
    }

    @Override
    public void close() {
        sender.close();
    }
}
