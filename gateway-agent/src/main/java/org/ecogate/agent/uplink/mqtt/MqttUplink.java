package org.ecogate.agent.uplink.mqtt;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.UplinkConfig;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SenderStats;
import org.ecogate.sync.SyncSender;

import java.time.Duration;
import java.util.List;

/**
 * The agent's uplink: a sync-protocol sender over MQTT fed from the buffer. Owns one sender thread.
 * Thread-safe: {@link #wakeUp()} may be called from any poller.
 */
public final class MqttUplink implements AutoCloseable {
    private final SyncSender sender;

    public MqttUplink(AgentConfig cfg, Buffer buffer) {
        UplinkConfig u = cfg.uplink();
        SenderConfig sc = new SenderConfig(u.broker(), u.clientId(), cfg.gateway(), buffer.epoch(),
                Buffer.STREAMS, u.batchMaxRecords(), u.window(), u.ackTimeout(),
                Duration.ofMillis(250), Duration.ofSeconds(10), u.username(), u.password());
        this.sender = new SyncSender(sc, new BufferSenderSource(buffer));
    }

    public void start() {
        sender.start();
    }

    public void wakeUp() {
        sender.wakeUp();
    }

    /** Waits until everything buffered when called is acknowledged, at most {@code max}. */
    public boolean drain(Duration max) {
        return sender.drain(max);
    }

    public SenderStats stats() {
        return sender.stats();
    }

    @Override
    public void close() {
        sender.close();
    }
}
