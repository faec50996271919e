package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The frame every v1 message travels in (PROTOCOL.md, "Frame"):
 * <pre>
 * magic 0xEC | version 0x01 | kind | content type | flags | body ... | SHA-256 (32) | [HMAC-SHA256 (32)]
 * </pre>
 * Digest and HMAC both cover every byte before the digest (header and body). Stateless and thread-safe.
 */
public final class Envelope {
    public static final int MAGIC = 0xEC;
    public static final int VERSION = 1;
    public static final int HEADER = 5;
    public static final int DIGEST = 32;
    public static final int MAC = 32;
    /** flags bit 0: an HMAC-SHA256 follows the digest. */
    public static final int FLAG_SIGNED = 1;

    /** Message kinds (byte 2). */
    public static final byte KIND_BATCH = 'B', KIND_ACK = 'A', KIND_STATUS = 'S', KIND_COMMAND = 'C';
    /** Content types (byte 3). */
    public static final byte CT_JSON = 'J', CT_COLUMNAR = 'C', CT_COLUMNAR_DEFLATE = 'Z';

    /** An opened frame: its kind, content type, flags and body. */
    public record Opened(byte kind, byte contentType, boolean signed, byte[] body) {}

    private Envelope() {}

    /** Frames {@code body}; signs it when {@code key} is not null. */
    public static byte[] seal(byte kind, byte contentType, byte[] body, byte[] key) {
        int n = HEADER + body.length;
        byte[] out = new byte[n + DIGEST + (key != null ? MAC : 0)];
        out[0] = (byte) MAGIC;
        out[1] = VERSION;
        out[2] = kind;
        out[3] = contentType;
        out[4] = (byte) (key != null ? FLAG_SIGNED : 0);
        System.arraycopy(body, 0, out, HEADER, body.length);
        System.arraycopy(sha256(out, n), 0, out, n, DIGEST);
        if (key != null) System.arraycopy(hmac(key, out, n), 0, out, n + DIGEST, MAC);
        return out;
    }

    /**
     * Checks frame, digest and (when {@code key} is given) HMAC. {@code requireSigned}: an unsigned frame is
     * rejected {@link Reject#UNSIGNED}. A signed frame with {@code key == null} is accepted without checking the
     * HMAC (keys not configured).
     */
    public static Opened open(byte[] msg, byte expectedKind, byte[] key, boolean requireSigned) throws SyncFormatException {
        if (msg == null || msg.length < HEADER + DIGEST) throw new SyncFormatException(Reject.MALFORMED, "frame: too short");
        if ((msg[0] & 0xFF) != MAGIC) throw new SyncFormatException(Reject.MALFORMED, "frame: bad magic byte");
        if (msg[1] != VERSION) throw new SyncFormatException(Reject.UNSUPPORTED, "frame: unsupported version " + (msg[1] & 0xFF));
        if (msg[2] != expectedKind) throw new SyncFormatException(Reject.MALFORMED, "frame: kind '" + (char) (msg[2] & 0xFF) + "' where '" + (char) expectedKind + "' expected");
        byte ct = msg[3];
        if (ct != CT_JSON && ct != CT_COLUMNAR && ct != CT_COLUMNAR_DEFLATE) {
            throw new SyncFormatException(Reject.UNSUPPORTED, "frame: unknown content type " + (msg[3] & 0xFF));
        }
        int flags = msg[4] & 0xFF;
        if ((flags & ~FLAG_SIGNED) != 0) throw new SyncFormatException(Reject.UNSUPPORTED, "frame: unknown flags " + flags);
        boolean signed = (flags & FLAG_SIGNED) != 0;
        int n = msg.length - DIGEST - (signed ? MAC : 0);
        if (n < HEADER) throw new SyncFormatException(Reject.MALFORMED, "frame: too short");
        if (!MessageDigest.isEqual(sha256(msg, n), Arrays.copyOfRange(msg, n, n + DIGEST))) {
            throw new SyncFormatException(Reject.BAD_DIGEST, "frame: SHA-256 digest does not match");
        }
        if (!signed && requireSigned) throw new SyncFormatException(Reject.UNSIGNED, "frame: not signed");
        if (signed && key != null
                && !MessageDigest.isEqual(hmac(key, msg, n), Arrays.copyOfRange(msg, n + DIGEST, n + DIGEST + MAC))) {
            throw new SyncFormatException(Reject.BAD_MAC, "frame: HMAC-SHA256 does not verify with the gateway's key");
        }
        return new Opened(msg[2], ct, signed, Arrays.copyOfRange(msg, HEADER, n));
    }

    static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(b, 0, len);
            return d.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, byte[] b, int len) {
        Mac m = hmacSha256(key);
        m.update(b, 0, len);
        return m.doFinal();
    }

    /** A fresh HMAC-SHA256 keyed with {@code key} (v1 and v2 frames). */
    static Mac hmacSha256(byte[] key) {
        try {
            Mac m = Mac.getInstance("HmacSHA256");
            m.init(new SecretKeySpec(key, "HmacSHA256"));
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
