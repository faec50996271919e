package org.ecogate.sync.internal.codec;

import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Command;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.SyncFormatException;

/**
 * Protocol v1 (PROTOCOL.md 1-12): {@link Envelope} frames, JSON or columnar batches ({@link SyncCodec}), JSON acks,
 * status and commands, on {@code ecogate/v1/...}; no per-stream state. Receivers keep reading it for gateways that
 * still speak it. Stateless and thread-safe.
 */
public final class ProtocolV1 implements Protocol {
    public static final ProtocolV1 INSTANCE = new ProtocolV1();

    private ProtocolV1() {}

    @Override public int version() { return 1; }
    @Override public String batchTopic(String gateway, String stream) { return Topics.batch(gateway, stream); }
    @Override public String ackTopic(String gateway) { return Topics.ack(gateway); }
    @Override public String statusTopic(String gateway) { return Topics.status(gateway); }
    @Override public String commandTopic(String gateway) { return Topics.command(gateway); }
    @Override public int ackQos() { return 1; }

    @Override
    public StreamCodec streamCodec(long epoch, Encoding encoding) {
        return (b, key) -> new StreamCodec.Encoded(SyncCodec.encode(b, encoding, key), 0);
    }

    @Override
    public Batch decodeBatch(String gateway, String stream, byte[] msg, byte[] key, boolean requireSigned, DictionaryCache dicts)
            throws SyncFormatException {
        return SyncCodec.decodeBatch(msg, key, requireSigned);
    }

    @Override public byte[] encodeAck(Ack a, byte[] key) { return SyncCodec.encode(a, key); }

    @Override
    public Ack decodeAck(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return SyncCodec.decodeAck(msg, key, requireSigned);
    }

    @Override public byte[] encodeStatus(GatewayStatus s, byte[] key) { return SyncCodec.encode(s, key); }

    @Override
    public GatewayStatus decodeStatus(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return SyncCodec.decodeStatus(msg, key, requireSigned);
    }

    @Override public byte[] encodeCommand(Command c, byte[] key) { return SyncCodec.encode(c, key); }

    @Override
    public Command decodeCommand(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return SyncCodec.decodeCommand(msg, key, requireSigned);
    }
}
