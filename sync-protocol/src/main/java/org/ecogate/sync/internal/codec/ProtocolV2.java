package org.ecogate.sync.internal.codec;

import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Command;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;

/**
 * Protocol v2 (PROTOCOL.md 13): {@link FrameV2} frames bound to their topic on {@code ecogate/v2/...}; batches and
 * acks of {@link CodecV2} with a point dictionary per stream and connection ({@link SenderDictionary}), acks at QoS 0,
 * binary status and commands ({@link ControlV2}). Stateless and thread-safe (a stream codec is its sender's).
 */
public final class ProtocolV2 implements Protocol {
    public static final ProtocolV2 INSTANCE = new ProtocolV2();
    /** Largest status or command message accepted (a config command carries a whole config file). */
    static final int MAX_CONTROL = 1 << 20;

    private ProtocolV2() {}

    @Override public int version() { return 2; }
    @Override public String batchTopic(String gateway, String stream) { return Topics.of(Topics.PREFIX_V2, gateway, "batch/" + Topics.checkName("stream", stream)); }
    @Override public String ackTopic(String gateway) { return Topics.of(Topics.PREFIX_V2, gateway, "ack"); }
    @Override public String statusTopic(String gateway) { return Topics.of(Topics.PREFIX_V2, gateway, "status"); }
    @Override public String commandTopic(String gateway) { return Topics.of(Topics.PREFIX_V2, gateway, "cmd"); }
    @Override public int ackQos() { return 0; }

    @Override
    public StreamCodec streamCodec(long epoch, Encoding encoding) {
        SenderDictionary dict = new SenderDictionary(epoch);
        return new StreamCodec() {
            @Override
            public Encoded encode(Batch b, byte[] key) {
                CodecV2.Encoded e = CodecV2.encode(b, dict, key);
                return new Encoded(e.payload(), e.dictionarySize());
            }

            @Override
            public void connected() {
                dict.renew(); // announced again on this connection, under a new id
            }

            @Override
            public void acked(int dictionarySize) {
                dict.confirm(dictionarySize);
            }

            @Override
            public void reannounce() {
                dict.unconfirm();
            }

            /** A reject for an older id, or while nothing is confirmed (a batch sent before the last re-announce), changes nothing. */
            @Override
            public boolean unknownDictionary(long id) {
                if (id != dict.id() || dict.confirmed() == 0) return false;
                dict.unconfirm();
                return true;
            }
        };
    }

    @Override
    public Batch decodeBatch(String gateway, String stream, byte[] msg, byte[] key, boolean requireSigned, DictionaryCache dicts)
            throws SyncFormatException {
        return CodecV2.decodeBatch(gateway, stream, msg, key, requireSigned, dicts);
    }

    @Override public byte[] encodeAck(Ack a, byte[] key) { return CodecV2.encode(a, key); }

    @Override
    public Ack decodeAck(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return CodecV2.decodeAck(gateway, msg, key, requireSigned);
    }

    @Override
    public byte[] encodeStatus(GatewayStatus s, byte[] key) {
        return FrameV2.seal(statusTopic(s.gateway()), Envelope.KIND_STATUS, false, ControlV2.status(s), key);
    }

    @Override
    public GatewayStatus decodeStatus(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return ControlV2.status(gateway, open(statusTopic(gateway), msg, Envelope.KIND_STATUS, key, requireSigned, "status"));
    }

    @Override
    public byte[] encodeCommand(Command c, byte[] key) {
        byte[] body = ControlV2.command(c);
        if (body.length > 256) {
            byte[] z = Wire.deflate(body, 6);
            if (z.length < body.length) return FrameV2.seal(commandTopic(c.gateway()), Envelope.KIND_COMMAND, true, z, key);
        }
        return FrameV2.seal(commandTopic(c.gateway()), Envelope.KIND_COMMAND, false, body, key);
    }

    @Override
    public Command decodeCommand(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        return ControlV2.command(gateway, open(commandTopic(gateway), msg, Envelope.KIND_COMMAND, key, requireSigned, "command"));
    }

    private static byte[] open(String topic, byte[] msg, byte kind, byte[] key, boolean requireSigned, String what) throws SyncFormatException {
        if (msg != null && msg.length > MAX_CONTROL) throw new SyncFormatException(Reject.MALFORMED, what + ": " + msg.length + " bytes");
        return FrameV2.open(topic, msg, kind, key, requireSigned, MAX_CONTROL).body();
    }
}
