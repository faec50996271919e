package org.ecogate.sync;

import org.ecogate.sync.internal.codec.Protocol;
import org.ecogate.sync.internal.engine.Stream;
import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The gateway's status messages (PROTOCOL.md 8): birth, will (also the MQTT last will), command results, a status on
 * change (a stream falling behind or catching up: its live lane opens or closes) and a slow heartbeat, with per-stream
 * figures from the {@link SenderSource}. Sender thread only (and close() after it stopped). Trap: a source that cannot
 * answer still yields a status (the sender's own acked seq, -1 unknowns).
 */
final class StatusReporter {
    private static final Logger log = LoggerFactory.getLogger(StatusReporter.class);

    private final SenderConfig cfg;
    private final SenderSource source;
    private final Collection<Stream> streams;
    private final Protocol proto;
    private final String topic;
    private long lastNanos;
    private long behind = -1; // bit i: stream i had a live lane ahead of a backlog at the last status

    StatusReporter(SenderConfig cfg, SenderSource source, Collection<Stream> streams, Protocol proto) {
        this.cfg = cfg;
        this.source = source;
        this.streams = streams;
        this.proto = proto;
        this.topic = proto.statusTopic(cfg.gateway());
    }

    /** The signed will message: offline, no streams. */
    byte[] will() {
        return proto.encodeStatus(status(GatewayStatus.WILL, null, null), cfg.key());
    }

    /** Whether a status is due at {@code now} (nanoTime): the heartbeat passed, or a stream fell behind or caught up. */
    boolean due(long now) {
        return now - lastNanos > cfg.statusInterval().toNanos() || behind() != behind;
    }

    private long behind() {
        long bits = 0, bit = 1;
        for (Stream st : streams) {
            if (st.liveAfter() > 0) bits |= bit;
            bit <<= 1;
        }
        return bits;
    }

    /** Publishes a status of {@code kind} (retained unless a command result). */
    void publish(Transport transport, String kind, String command, String detail) throws MqttException {
        if (!GatewayStatus.RESULT.equals(kind)) {
            lastNanos = System.nanoTime();
            behind = behind();
        }
        transport.publish(topic, proto.encodeStatus(status(kind, command, detail), cfg.key()), !GatewayStatus.RESULT.equals(kind));
    }

    private GatewayStatus status(String kind, String command, String detail) {
        List<GatewayStatus.StreamStatus> ss = new ArrayList<>();
        if (!GatewayStatus.WILL.equals(kind)) {
            for (Stream st : streams) {
                GatewayStatus.StreamStatus s = null;
                try {
                    s = source.streamStatus(st.name());
                } catch (Exception e) {
                    log.debug("uplink: stream status of {}: {}", st.name(), e.toString());
                }
                ss.add(s != null ? s : new GatewayStatus.StreamStatus(st.name(), st.acked(), -1, -1, 0));
            }
        }
        return new GatewayStatus(cfg.gateway(), kind, System.currentTimeMillis(), cfg.epoch(),
                !GatewayStatus.WILL.equals(kind), ss, command, detail);
    }
}
