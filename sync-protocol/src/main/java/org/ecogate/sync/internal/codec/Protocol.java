package org.ecogate.sync.internal.codec;

import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Command;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.SyncFormatException;

/**
 * One protocol version: its topics, its codecs and the decisions that differ between versions (per-stream encoder
 * state, ack QoS). {@link ProtocolV1} and {@link ProtocolV2} are the only places that know a version; sender and
 * receiver ask {@link #of(int)} or {@link #ofTopic(String)}. Implementations are stateless and thread-safe. Trap: a
 * v3 is one new class here plus its line in {@link #of(int)} (and an {@link Encoding} that names it).
 */
public interface Protocol {
    int version();

    String batchTopic(String gateway, String stream);

    String ackTopic(String gateway);

    String statusTopic(String gateway);

    String commandTopic(String gateway);

    /** A sender's encoder of one stream (it may keep state per connection, as v2's point dictionary). */
    StreamCodec streamCodec(long epoch, Encoding encoding);

    Batch decodeBatch(String gateway, String stream, byte[] msg, byte[] key, boolean requireSigned, DictionaryCache dicts)
            throws SyncFormatException;

    byte[] encodeAck(Ack a, byte[] key);

    Ack decodeAck(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException;

    /** QoS of the receiver's acks; 0 lets a transport drop an ok ack superseded by the next (acks are cumulative). */
    int ackQos();

    byte[] encodeStatus(GatewayStatus s, byte[] key);

    GatewayStatus decodeStatus(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException;

    byte[] encodeCommand(Command c, byte[] key);

    Command decodeCommand(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException;

    /** The sender's encoder of one stream. Sender thread only. */
    interface StreamCodec {
        /** A batch framed for its topic, and the dictionary size it announced through (0: none). */
        record Encoded(byte[] payload, int dictionarySize) {}

        Encoded encode(Batch b, byte[] key);

        /** A new connection: per-connection state starts again. */
        default void connected() {}

        /** A batch that announced through {@code dictionarySize} was acknowledged ok. */
        default void acked(int dictionarySize) {}

        /** A receiver without the dictionary may be listening (a restart): the next batches carry it whole. */
        default void reannounce() {}

        /** The receiver does not hold dictionary {@code id}: true when the stream must be announced and resent. */
        default boolean unknownDictionary(long id) {
            return false;
        }
    }

    /** The version {@code v}, or an IllegalArgumentException. */
    static Protocol of(int v) {
        return switch (v) {
            case 1 -> ProtocolV1.INSTANCE;
            case 2 -> ProtocolV2.INSTANCE;
            default -> throw new IllegalArgumentException("protocol version " + v + " is not supported");
        };
    }

    /** The version a topic belongs to ({@code ecogate/v1/...}, {@code ecogate/v2/...}), or null. */
    static Protocol ofTopic(String topic) {
        int v = Topics.version(topic);
        return v == 0 ? null : of(v);
    }
}
