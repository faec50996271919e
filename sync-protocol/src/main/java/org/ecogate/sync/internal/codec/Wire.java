package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Byte-level primitives of the binary bodies (PROTOCOL.md: varint, zigzag, str, u64) and raw deflate. {@link Out}
 * grows as needed; {@link In} checks every length against the bytes present and throws
 * {@link SyncFormatException} ({@code malformed}) naming the field. Not thread-safe (one instance per message).
 */
final class Wire {
    private Wire() {}

    /** Raw deflate (no zlib header) of {@code body}. */
    public static byte[] deflate(byte[] body, int level) {
        Deflater def = new Deflater(level, true);
        try {
            def.setInput(body);
            def.finish();
            byte[] buf = new byte[Math.max(64, body.length / 2)];
            int len = 0;
            while (!def.finished()) {
                if (len == buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
                len += def.deflate(buf, len, buf.length - len);
            }
            return Arrays.copyOf(buf, len);
        } finally {
            def.end();
        }
    }

    /** Inflates raw deflate data, refusing results larger than {@code max} bytes. */
    public static byte[] inflate(byte[] data, int max) throws SyncFormatException {
        Inflater inf = new Inflater(true);
        try {
            inf.setInput(data);
            byte[] buf = new byte[Math.min(max, Math.max(256, data.length * 4))];
            int len = 0;
            while (!inf.finished()) {
                if (len == buf.length) {
                    if (buf.length >= max) throw new SyncFormatException(Reject.MALFORMED, "body: inflates beyond " + max + " bytes");
                    buf = Arrays.copyOf(buf, (int) Math.min(max, buf.length * 2L));
                }
                int k = inf.inflate(buf, len, buf.length - len);
                if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new SyncFormatException(Reject.MALFORMED, "body: truncated deflate data");
                }
                len += k;
            }
            if (inf.getRemaining() != 0) throw new SyncFormatException(Reject.MALFORMED, "body: bytes after the deflate data");
            return Arrays.copyOf(buf, len);
        } catch (DataFormatException e) {
            throw new SyncFormatException(Reject.MALFORMED, "body: invalid deflate data: " + e.getMessage());
        } finally {
            inf.end();
        }
    }

    static final class Out {
        byte[] buf;
        int len;

        Out(int cap) {
            buf = new byte[Math.max(16, cap)];
        }

        void ensure(int k) {
            if (len + k > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + k));
        }

        void u8(int v) {
            ensure(1);
            buf[len++] = (byte) v;
        }

        void uv(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void zz(long v) {
            uv((v << 1) ^ (v >> 63));
        }

        void u64(long v) {
            ensure(8);
            for (int i = 7; i >= 0; i--) buf[len++] = (byte) (v >>> (8 * i));
        }

        void bytes(byte[] b, int off, int n) {
            ensure(n);
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }

        void str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            uv(b.length);
            bytes(b, 0, b.length);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, len);
        }
    }

    static final class In {
        final byte[] b;
        int pos;

        In(byte[] b) {
            this.b = b;
        }

        int remaining() {
            return b.length - pos;
        }

        SyncFormatException bad(String msg) {
            return new SyncFormatException(Reject.MALFORMED, msg);
        }

        int u8(String what) throws SyncFormatException {
            if (pos >= b.length) throw bad(what + ": truncated");
            return b[pos++] & 0xFF;
        }

        long uv(String what) throws SyncFormatException {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= b.length) throw bad(what + ": truncated");
                int x = b[pos++];
                if (shift == 63 && (x & 0x7E) != 0) throw bad(what + ": varint overflows 64 bits");
                v |= (long) (x & 0x7F) << shift;
                if ((x & 0x80) == 0) return v;
            }
            throw bad(what + ": varint longer than 10 bytes");
        }

        long zz(String what) throws SyncFormatException {
            long u = uv(what);
            return (u >>> 1) ^ -(u & 1);
        }

        long u64(String what) throws SyncFormatException {
            if (remaining() < 8) throw bad(what + ": truncated");
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | (b[pos++] & 0xFF);
            return v;
        }

        byte[] raw(int n, String what) throws SyncFormatException {
            if (remaining() < n) throw bad(what + ": truncated");
            byte[] out = Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        String utf8(int n, String what) throws SyncFormatException {
            if (n < 0 || remaining() < n) throw bad(what + ": truncated");
            try {
                String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, pos, n)).toString();
                pos += n;
                return s;
            } catch (CharacterCodingException e) {
                throw bad(what + ": not valid UTF-8");
            }
        }

        String text(String what, int maxChars) throws SyncFormatException {
            long n = uv(what);
            if (n < 1 || n > maxChars * 4L) throw bad(what + ": length " + n + " outside 1.." + maxChars);
            String s = utf8((int) n, what);
            if (s.length() > maxChars) throw bad(what + ": longer than " + maxChars);
            return s;
        }

        String name(String what) throws SyncFormatException {
            String s = text(what, 64);
            if (!Topics.NAME.matcher(s).matches()) throw bad(what + ": invalid name '" + s + "'");
            return s;
        }
    }
}
