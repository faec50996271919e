package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import java.util.List;

/**
 * Protocol v2 batches and acks (PROTOCOL.md 13): binary bodies in a {@link FrameV2}, gateway and stream taken from the
 * topic, points as indices into a per-connection {@link SenderDictionary} that batches announce until acknowledged
 * and receivers keep in a {@link DictionaryCache}; record columns of {@link ColumnsV2}. Decoding is strict and
 * throws only {@link SyncFormatException}. Stateless and thread-safe (the dictionaries are the callers').
 */
public final class CodecV2 {
    static final int F_HISTORICAL = 1, F_CONTIGUOUS = 2, F_LIVE = 4, F_NAMES = 8;
    static final int A_LIVE = 4, A_CODE = 8, A_DICTIONARY = 16;
    private static final String[] STATUS = {Ack.OK, Ack.GAP, Ack.REJECTED};

    /** An encoded batch and the dictionary size it announced through (confirmed when the batch is acknowledged). */
    public record Encoded(byte[] payload, int dictionarySize) {}

    private CodecV2() {}

    // ------------------------------------------------------------------ batches

    /** Encodes {@code b} against {@code dict} (adding its new points), announcing the names not yet confirmed. */
    public static Encoded encode(Batch b, SenderDictionary dict, byte[] key) {
        List<SyncRecord> rs = b.records();
        int n = rs.size();
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = dict.indexOf(rs.get(i).point());
        int d = dict.size();
        int base = dict.confirmed();
        Wire.Out o = new Wire.Out(64 + n * 6);
        boolean contiguous = b.last() - b.first() == n - 1;
        o.u8((b.historical() ? F_HISTORICAL : 0) | (contiguous ? F_CONTIGUOUS : 0) | (b.live() ? F_LIVE : 0) | (base < d ? F_NAMES : 0));
        o.u64(dict.id());
        o.uv(d);
        if (base < d) {
            o.zz(dict.epoch());
            o.uv(base);
            for (int k = base; k < d; k++) o.str(dict.name(k));
        }
        Columns.writeSeqs(o, rs, b.prev(), contiguous);
        ColumnsV2.write(o, rs, idx, d);
        byte[] body = o.toByteArray();
        String topic = ProtocolV2.INSTANCE.batchTopic(b.gateway(), b.stream());
        if (body.length > 64) {
            byte[] z = Wire.deflate(body, 6);
            if (z.length < body.length) return new Encoded(FrameV2.seal(topic, Envelope.KIND_BATCH, true, z, key), d);
        }
        return new Encoded(FrameV2.seal(topic, Envelope.KIND_BATCH, false, body, key), d);
    }

    /**
     * Decodes a batch that came on the v2 batch topic of ({@code gateway}, {@code stream}), resolving its points in
     * {@code dicts}. With {@code key} a signed frame's MAC must verify; {@code requireSigned} rejects unsigned frames.
     */
    public static Batch decodeBatch(String gateway, String stream, byte[] msg, byte[] key, boolean requireSigned,
                                    DictionaryCache dicts) throws SyncFormatException {
        if (msg != null && msg.length > SyncCodec.MAX_MESSAGE_BYTES) {
            throw new SyncFormatException(Reject.MALFORMED, "batch: message of " + msg.length + " bytes exceeds " + SyncCodec.MAX_MESSAGE_BYTES);
        }
        FrameV2.Opened f = FrameV2.open(ProtocolV2.INSTANCE.batchTopic(gateway, stream), msg, Envelope.KIND_BATCH, key, requireSigned, SyncCodec.MAX_MESSAGE_BYTES);
        try {
            return decodeBody(gateway, stream, f.body(), dicts);
        } catch (SyncFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SyncFormatException(Reject.MALFORMED, "batch: undecodable body (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static Batch decodeBody(String gateway, String stream, byte[] body, DictionaryCache dicts) throws SyncFormatException {
        Wire.In in = new Wire.In(body);
        int flags = in.u8("batch.flags");
        if ((flags & ~(F_HISTORICAL | F_CONTIGUOUS | F_LIVE | F_NAMES)) != 0) throw in.bad("batch.flags: unknown bits " + flags);
        long id = in.u64("batch.dictionary");
        if (id == 0) throw in.bad("batch.dictionary: id 0");
        long size = in.uv("batch.size");
        if (size < 1 || size > DictionaryCache.MAX_NAMES) throw in.bad("batch.size: dictionary of " + size + " names");
        long epoch = 0, base = size;
        String[] added = null;
        if ((flags & F_NAMES) != 0) {
            epoch = in.zz("batch.epoch");
            base = in.uv("batch.base");
            if (base < 0 || base >= size) throw in.bad("batch.base: " + base + " not below the size " + size);
            long k = size - base;
            if (k > in.remaining() / 2) throw in.bad("batch.names: " + k + " names cannot fit in " + in.remaining() + " bytes");
            added = new String[(int) k];
            for (int i = 0; i < k; i++) added[i] = in.text("batch.names[" + (base + i) + "]", 256);
        }
        Columns.Seqs sq = Columns.readSeqs(in, (flags & F_CONTIGUOUS) != 0);
        long prev = sq.prev();
        long[] seq = sq.seq();
        int n = seq.length; // not bounded by the bytes left: a zero run codes any number of records (13.3.1)
        DictionaryCache.Resolved r = dicts.resolve(gateway, stream, id, epoch, base, added, (int) size);
        List<SyncRecord> out = ColumnsV2.read(in, seq, r.names());
        return new Batch(Batch.VERSION, gateway, r.epoch(), stream, prev, seq[0], seq[n - 1], out,
                (flags & F_HISTORICAL) != 0, (flags & F_LIVE) != 0);
    }

    // ------------------------------------------------------------------ acks

    /** An ack for the v2 ack topic of its gateway, signed with {@code key} unless null. */
    public static byte[] encode(Ack a, byte[] key) {
        int st = a.status().equals(Ack.OK) ? 0 : a.status().equals(Ack.GAP) ? 1 : 2;
        boolean code = a.code() != null;
        boolean dict = a.dictionary() != 0;
        Wire.Out o = new Wire.Out(48);
        o.u8(st | (a.hasLive() ? A_LIVE : 0) | (code ? A_CODE : 0) | (dict ? A_DICTIONARY : 0));
        o.str(a.stream());
        o.zz(a.epoch());
        o.uv(a.ackedThrough());
        if (a.hasLive()) {
            o.uv(a.liveAfter() - a.ackedThrough());
            o.uv(a.liveThrough() - a.liveAfter());
        }
        if (code) {
            o.str(a.code());
            String reason = a.reason() == null ? "" : a.reason().length() > 1000 ? a.reason().substring(0, 1000) : a.reason();
            byte[] rb = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            o.uv(rb.length);
            o.bytes(rb, 0, rb.length);
        }
        if (dict) o.u64(a.dictionary());
        return FrameV2.seal(ProtocolV2.INSTANCE.ackTopic(a.gateway()), Envelope.KIND_ACK, false, o.toByteArray(), key);
    }

    /** Decodes an ack that came on {@code gateway}'s v2 ack topic. */
    public static Ack decodeAck(String gateway, byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        if (msg != null && msg.length > 8192) throw new SyncFormatException(Reject.MALFORMED, "ack: " + msg.length + " bytes");
        FrameV2.Opened f = FrameV2.open(ProtocolV2.INSTANCE.ackTopic(gateway), msg, Envelope.KIND_ACK, key, requireSigned, 8192);
        Wire.In in = new Wire.In(f.body());
        int flags = in.u8("ack.flags");
        if ((flags & ~(3 | A_LIVE | A_CODE | A_DICTIONARY)) != 0 || (flags & 3) == 3) throw in.bad("ack.flags: unknown bits " + flags);
        String status = STATUS[flags & 3];
        String stream = in.name("ack.stream");
        long epoch = in.zz("ack.epoch");
        long acked = in.uv("ack.ackedThrough");
        if (acked < 0) throw in.bad("ack.ackedThrough: out of range");
        long liveAfter = 0, liveThrough = 0;
        if ((flags & A_LIVE) != 0) {
            long a = in.uv("ack.liveAfter"), t = in.uv("ack.liveThrough");
            if (a < 1 || t < 1) throw in.bad("ack.live: empty range");
            liveAfter = Math.addExact(acked, a);
            liveThrough = Math.addExact(liveAfter, t);
        }
        String code = null, reason = null;
        if ((flags & A_CODE) != 0) {
            code = in.name("ack.code");
            long len = in.uv("ack.reason");
            if (len > 4000) throw in.bad("ack.reason: too long");
            reason = len == 0 ? null : in.utf8((int) len, "ack.reason");
        }
        if (status.equals(Ack.REJECTED) && code == null) throw in.bad("ack: rejected without code");
        long dict = (flags & A_DICTIONARY) != 0 ? in.u64("ack.dictionary") : 0;
        if (in.remaining() != 0) throw in.bad("ack: " + in.remaining() + " bytes after the last field");
        return new Ack(gateway, epoch, stream, acked, status, reason, code, liveAfter, liveThrough, dict);
    }
}
