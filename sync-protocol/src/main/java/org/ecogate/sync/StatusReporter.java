package org.ecogate.sync;

import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.engine.Stream;
import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The gateway's status messages (PROTOCOL.md 8): birth, will (also the MQTT last will), periodic status and command
 * results, with per-stream figures from the {@link SenderSource}. Used by the sender thread (and by close() after
 * it stopped). Trap: a source that cannot answer still yields a status (the sender's own acked seq, -1 unknowns).
 */
final class StatusReporter {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Collection<Stream> streams;
    private final String topic;
    private long lastNanos;

    StatusReporter(SenderConfig cfg, SenderSource source, Collection<Stream> streams, String topic) {
        this.cfg = cfg;
        this.source = source;
        this.streams = streams;
        this.topic = topic;
    }

    /** The signed will message: offline, no streams. */
    byte[] will() {
        return SyncCodec.encode(status(GatewayStatus.WILL, null, null), cfg.key());
    }

    /** Whether the periodic status is due at {@code now} (nanoTime). */
    boolean due(long now) {
        return now - lastNanos > cfg.statusInterval().toNanos();
    }

    /** Publishes a status of {@code kind} (retained unless a command result). */
    void publish(Transport transport, String kind, String command, String detail) throws MqttException {
        lastNanos = System.nanoTime();
        transport.publish(topic, SyncCodec.encode(status(kind, command, detail), cfg.key()), !GatewayStatus.RESULT.equals(kind));
    }

    private GatewayStatus status(String kind, String command, String detail) {
        List<GatewayStatus.StreamStatus> ss = new ArrayList<>();
        if (!GatewayStatus.WILL.equals(kind)) {
            for (Stream st : streams) {
                GatewayStatus.StreamStatus s = null;
                try {
                    s = source.streamStatus(st.name);
                } catch (Exception e) {
                    log.debug("uplink: stream status of {}: {}", st.name, e.toString());
                }
                ss.add(s != null ? s : new GatewayStatus.StreamStatus(st.name, st.backlog.acked, -1, -1, 0));
            }
        }
        return new GatewayStatus(cfg.gateway(), kind, System.currentTimeMillis(), cfg.epoch(),
                !GatewayStatus.WILL.equals(kind), ss, command, detail);
    }
}
