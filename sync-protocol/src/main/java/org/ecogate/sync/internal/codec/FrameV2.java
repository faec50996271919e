package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;

import javax.crypto.Mac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The frame of protocol v2 batches and acks (PROTOCOL.md 13.2):
 * <pre>
 * magic 0xEC | version 0x02 | kind | flags | body ... | MAC (16) when signed, else CRC-32 (4)
 * </pre>
 * The MAC is HMAC-SHA256 truncated to 16 bytes, the CRC a CRC-32 (IEEE); both over {@code varint(len(topic)) | topic |
 * header | body}, so a frame is bound to the topic (gateway and stream) it was published on. Stateless, thread-safe.
 */
public final class FrameV2 {
    public static final int VERSION = 2;
    public static final int HEADER = 4;
    public static final int MAC = 16;
    public static final int CRC = 4;
    public static final int FLAG_SIGNED = 1, FLAG_DEFLATED = 2;

    /** An opened frame: kind, whether it was signed, and its body (inflated). */
    public record Opened(byte kind, boolean signed, byte[] body) {}

    private FrameV2() {}

    /** Frames {@code body} for {@code topic}: deflated when {@code deflated}, signed when {@code key} is not null. */
    public static byte[] seal(String topic, byte kind, boolean deflated, byte[] body, byte[] key) {
        int n = HEADER + body.length;
        byte[] out = new byte[n + (key != null ? MAC : CRC)];
        out[0] = (byte) Envelope.MAGIC;
        out[1] = VERSION;
        out[2] = kind;
        out[3] = (byte) ((key != null ? FLAG_SIGNED : 0) | (deflated ? FLAG_DEFLATED : 0));
        System.arraycopy(body, 0, out, HEADER, body.length);
        byte[] tail = key != null ? mac(key, topic, out, n) : crc(topic, out, n);
        System.arraycopy(tail, 0, out, n, tail.length);
        return out;
    }

    /**
     * Checks frame, CRC or MAC for {@code topic} and inflates the body. {@code key} null: a signed frame's MAC is not
     * checked (no keys configured); {@code requireSigned}: an unsigned frame is rejected {@link Reject#UNSIGNED}.
     */
    public static Opened open(String topic, byte[] msg, byte expectedKind, byte[] key, boolean requireSigned, int maxBody)
            throws SyncFormatException {
        if (msg == null || msg.length < HEADER + CRC) throw new SyncFormatException(Reject.MALFORMED, "frame: too short");
        if ((msg[0] & 0xFF) != Envelope.MAGIC) throw new SyncFormatException(Reject.MALFORMED, "frame: bad magic byte");
        if (msg[1] != VERSION) throw new SyncFormatException(Reject.UNSUPPORTED, "frame: version " + (msg[1] & 0xFF) + " on a v2 topic");
        if (msg[2] != expectedKind) {
            throw new SyncFormatException(Reject.MALFORMED, "frame: kind '" + (char) (msg[2] & 0xFF) + "' where '" + (char) expectedKind + "' expected");
        }
        int flags = msg[3] & 0xFF;
        if ((flags & ~(FLAG_SIGNED | FLAG_DEFLATED)) != 0) throw new SyncFormatException(Reject.UNSUPPORTED, "frame: unknown flags " + flags);
        boolean signed = (flags & FLAG_SIGNED) != 0;
        int n = msg.length - (signed ? MAC : CRC);
        if (n < HEADER) throw new SyncFormatException(Reject.MALFORMED, "frame: too short");
        if (!signed) {
            if (!MessageDigest.isEqual(crc(topic, msg, n), Arrays.copyOfRange(msg, n, n + CRC))) {
                throw new SyncFormatException(Reject.BAD_DIGEST, "frame: CRC-32 does not match (corrupted, or sent on another topic)");
            }
            if (requireSigned) throw new SyncFormatException(Reject.UNSIGNED, "frame: not signed");
        } else if (key != null && !MessageDigest.isEqual(mac(key, topic, msg, n), Arrays.copyOfRange(msg, n, n + MAC))) {
            throw new SyncFormatException(Reject.BAD_MAC, "frame: MAC does not verify with the gateway's key for topic " + topic);
        }
        byte[] body = Arrays.copyOfRange(msg, HEADER, n);
        if ((flags & FLAG_DEFLATED) != 0) body = Wire.inflate(body, maxBody);
        return new Opened(msg[2], signed, body);
    }

    private static byte[] topicPrefix(String topic) {
        byte[] t = topic.getBytes(StandardCharsets.UTF_8);
        Wire.Out o = new Wire.Out(t.length + 3);
        o.uv(t.length);
        o.bytes(t, 0, t.length);
        return o.toByteArray();
    }

    static byte[] mac(byte[] key, String topic, byte[] b, int len) {
        Mac m = Envelope.hmacSha256(key);
        m.update(topicPrefix(topic));
        m.update(b, 0, len);
        return Arrays.copyOf(m.doFinal(), MAC);
    }

    static byte[] crc(String topic, byte[] b, int len) {
        CRC32 c = new CRC32();
        c.update(topicPrefix(topic));
        c.update(b, 0, len);
        long v = c.getValue();
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }
}
