package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Command;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The protocol v1 codec (PROTOCOL.md 1-12; used through {@link ProtocolV1}): every message is an {@link Envelope}
 * frame (digest, optional HMAC) around a body; batch bodies are JSON or columnar ({@link ColumnarCodec}), acks,
 * status and commands JSON. Also home of the limits both versions share ({@link #MAX_MESSAGE_BYTES}, {@link #MAX_RECORDS}).
 * Decoding is strict: every required field present with the right type, no unknown fields, sequence numbers
 * consistent; anything else is a {@link SyncFormatException} with a {@link Reject} code, naming the field.
 * No input makes a decoder throw anything else. Stateless and thread-safe.
 */
public final class SyncCodec {
    /** Largest message accepted (bytes), also the largest inflated body. */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Most records in one batch. */
    public static final int MAX_RECORDS = 50_000;
    /** Largest document body (characters). */
    public static final int MAX_BODY_CHARS = 64 * 1024;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 20).build())
            .build());
    private static final Set<String> BATCH_FIELDS = Set.of("v", "gateway", "epoch", "stream", "prev", "first", "last", "historical", "live", "records");
    private static final Set<String> RECORD_FIELDS = Set.of("seq", "point", "ts", "value", "q", "body");
    private static final Set<String> ACK_FIELDS = Set.of("v", "gateway", "epoch", "stream", "ackedThrough", "status", "reason", "code",
            "liveAfter", "liveThrough");
    private static final Set<String> STATUS_FIELDS = Set.of("v", "gateway", "kind", "ts", "epoch", "online", "streams", "command", "detail");
    private static final Set<String> STREAM_FIELDS = Set.of("stream", "ackedThrough", "lastSeq", "backlog", "oldestUnackedTs");
    private static final Set<String> COMMAND_FIELDS = Set.of("v", "gateway", "id", "cmd", "epoch", "stream", "from", "to", "body");

    private SyncCodec() {}

    // ------------------------------------------------------------------ batches

    /** Frames {@code b} in {@code enc}; signs with {@code key} unless null. */
    public static byte[] encode(Batch b, Encoding enc, byte[] key) {
        if (enc == Encoding.JSON) return Envelope.seal(Envelope.KIND_BATCH, Envelope.CT_JSON, jsonBody(b), key);
        byte[] body = ColumnarCodec.encode(b);
        if (body.length > 64) {
            byte[] z = Wire.deflate(body, 6);
            if (z.length < body.length) return Envelope.seal(Envelope.KIND_BATCH, Envelope.CT_COLUMNAR_DEFLATE, z, key);
        }
        return Envelope.seal(Envelope.KIND_BATCH, Envelope.CT_COLUMNAR, body, key);
    }

    /** An unsigned compact frame of {@code b}. */
    public static byte[] encode(Batch b) {
        return encode(b, Encoding.COMPACT, null);
    }

    /** Decodes a frame without checking an HMAC (signed or not); the digest is still checked. */
    public static Batch decodeBatch(byte[] msg) throws SyncFormatException {
        return decodeBatch(msg, null, false);
    }

    /**
     * Decodes a batch frame. With {@code key} a signed frame's HMAC must verify; {@code requireSigned} rejects
     * unsigned frames.
     */
    public static Batch decodeBatch(byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        if (msg != null && msg.length > MAX_MESSAGE_BYTES) {
            throw new SyncFormatException(Reject.MALFORMED, "batch: message of " + msg.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        Envelope.Opened o = Envelope.open(msg, Envelope.KIND_BATCH, key, requireSigned);
        try {
            return switch (o.contentType()) {
                case Envelope.CT_JSON -> decodeJsonBody(o.body());
                case Envelope.CT_COLUMNAR -> ColumnarCodec.decode(o.body());
                default -> ColumnarCodec.decode(Wire.inflate(o.body(), MAX_MESSAGE_BYTES));
            };
        } catch (SyncFormatException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new SyncFormatException(Reject.MALFORMED, "batch: undecodable body (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The JSON body of a batch (PROTOCOL.md "JSON body"), without frame. */
    public static byte[] jsonBody(Batch b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + b.records().size() * 72);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", Batch.VERSION);
            g.writeStringField("gateway", b.gateway());
            g.writeNumberField("epoch", b.epoch());
            g.writeStringField("stream", b.stream());
            g.writeNumberField("prev", b.prev());
            g.writeNumberField("first", b.first());
            g.writeNumberField("last", b.last());
            g.writeBooleanField("historical", b.historical());
            if (b.live()) g.writeBooleanField("live", true);
            g.writeArrayFieldStart("records");
            for (SyncRecord r : b.records()) {
                g.writeStartObject();
                g.writeNumberField("seq", r.seq());
                g.writeStringField("point", r.point());
                g.writeNumberField("ts", r.ts());
                if (r.value() == null || r.value().isNaN() || r.value().isInfinite()) g.writeNullField("value");
                else g.writeNumberField("value", r.value());
                g.writeStringField("q", r.quality());
                if (r.body() != null) g.writeStringField("body", r.body());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Batch decodeJsonBody(byte[] payload) throws SyncFormatException {
        JsonNode n = parse(payload, "batch");
        checkFields(n, BATCH_FIELDS, "batch");
        version(n, "batch");
        String gateway = nameField(n, "gateway", "batch");
        long epoch = longField(n, "epoch", "batch");
        String stream = nameField(n, "stream", "batch");
        long prev = longField(n, "prev", "batch");
        long first = longField(n, "first", "batch");
        long last = longField(n, "last", "batch");
        JsonNode h = n.get("historical");
        if (h == null || !h.isBoolean()) throw new SyncFormatException("batch.historical: missing or not a boolean");
        JsonNode lv = n.get("live");
        if (lv != null && !lv.isBoolean()) throw new SyncFormatException("batch.live: not a boolean");
        if (prev < 0) throw new SyncFormatException("batch.prev: negative (" + prev + ")");
        if (first <= prev) throw new SyncFormatException("batch.first: " + first + " does not follow prev " + prev);
        if (last < first) throw new SyncFormatException("batch.last: " + last + " is before first " + first);
        JsonNode recs = n.get("records");
        if (recs == null || !recs.isArray()) throw new SyncFormatException("batch.records: missing or not an array");
        if (recs.isEmpty()) throw new SyncFormatException("batch.records: empty");
        if (recs.size() > MAX_RECORDS) throw new SyncFormatException("batch.records: " + recs.size() + " records, more than " + MAX_RECORDS);
        if (recs.size() - 1 > last - first) {
            throw new SyncFormatException("batch.records: " + recs.size() + " records do not fit seq range " + first + ".." + last);
        }
        List<SyncRecord> out = new ArrayList<>(recs.size());
        long prevSeq = prev;
        for (int i = 0; i < recs.size(); i++) {
            String where = "batch.records[" + i + "]";
            JsonNode r = recs.get(i);
            if (!r.isObject()) throw new SyncFormatException(where + ": not an object");
            checkFields(r, RECORD_FIELDS, where);
            long seq = longField(r, "seq", where);
            if (seq <= prevSeq) throw new SyncFormatException(where + ".seq: " + seq + " not after " + prevSeq);
            if (i == 0 && seq != first) throw new SyncFormatException(where + ".seq: " + seq + " is not batch.first " + first);
            if (i == recs.size() - 1 && seq != last) throw new SyncFormatException(where + ".seq: " + seq + " is not batch.last " + last);
            prevSeq = seq;
            String point = textField(r, "point", where);
            long ts = longField(r, "ts", where);
            JsonNode val = r.get("value");
            Double value;
            if (val == null) throw new SyncFormatException(where + ".value: missing");
            if (val.isNull()) value = null;
            else if (val.isNumber()) value = val.doubleValue();
            else throw new SyncFormatException(where + ".value: not a number or null");
            String q = textField(r, "q", where);
            JsonNode body = r.get("body");
            String bodyText = null;
            if (body != null && !body.isNull()) {
                if (!body.isTextual()) throw new SyncFormatException(where + ".body: not a string");
                bodyText = body.asText();
                if (bodyText.length() > MAX_BODY_CHARS) throw new SyncFormatException(where + ".body: longer than " + MAX_BODY_CHARS);
            }
            out.add(new SyncRecord(seq, point, ts, value, q, bodyText));
        }
        return new Batch(Batch.VERSION, gateway, epoch, stream, prev, first, last, out, h.booleanValue(),
                lv != null && lv.booleanValue());
    }

    // ------------------------------------------------------------------ acks

    public static byte[] encode(Ack a, byte[] key) {
        ObjectNodeWriter w = new ObjectNodeWriter();
        w.g(g -> {
            g.writeNumberField("v", Batch.VERSION);
            g.writeStringField("gateway", a.gateway());
            g.writeNumberField("epoch", a.epoch());
            g.writeStringField("stream", a.stream());
            g.writeNumberField("ackedThrough", a.ackedThrough());
            g.writeStringField("status", a.status());
            if (a.reason() == null) g.writeNullField("reason");
            else g.writeStringField("reason", a.reason());
            if (a.code() == null) g.writeNullField("code");
            else g.writeStringField("code", a.code());
            if (a.hasLive()) {
                g.writeNumberField("liveAfter", a.liveAfter());
                g.writeNumberField("liveThrough", a.liveThrough());
            }
        });
        return Envelope.seal(Envelope.KIND_ACK, Envelope.CT_JSON, w.bytes(), key);
    }

    public static byte[] encode(Ack a) {
        return encode(a, null);
    }

    public static Ack decodeAck(byte[] msg) throws SyncFormatException {
        return decodeAck(msg, null, false);
    }

    public static Ack decodeAck(byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        Envelope.Opened o = Envelope.open(msg, Envelope.KIND_ACK, key, requireSigned);
        if (o.contentType() != Envelope.CT_JSON) throw new SyncFormatException(Reject.UNSUPPORTED, "ack: content type must be J");
        JsonNode n = parse(o.body(), "ack");
        checkFields(n, ACK_FIELDS, "ack");
        version(n, "ack");
        String status = textField(n, "status", "ack");
        if (!status.equals(Ack.OK) && !status.equals(Ack.GAP) && !status.equals(Ack.REJECTED)) {
            throw new SyncFormatException("ack.status: unknown status '" + status + "'");
        }
        long through = longField(n, "ackedThrough", "ack");
        if (through < 0) throw new SyncFormatException("ack.ackedThrough: negative (" + through + ")");
        long liveAfter = 0, liveThrough = 0;
        if (n.has("liveAfter") || n.has("liveThrough")) {
            liveAfter = longField(n, "liveAfter", "ack");
            liveThrough = longField(n, "liveThrough", "ack");
            if (liveAfter <= through || liveThrough <= liveAfter) {
                throw new SyncFormatException("ack: live range (" + liveAfter + ", " + liveThrough
                        + "] must lie above ackedThrough " + through + " and be non-empty");
            }
        }
        return new Ack(nameField(n, "gateway", "ack"), longField(n, "epoch", "ack"), nameField(n, "stream", "ack"),
                through, status, optText(n, "reason", "ack", 1024), optText(n, "code", "ack", 64), liveAfter, liveThrough);
    }

    // ------------------------------------------------------------------ status

    public static byte[] encode(GatewayStatus s, byte[] key) {
        ObjectNodeWriter w = new ObjectNodeWriter();
        w.g(g -> {
            g.writeNumberField("v", Batch.VERSION);
            g.writeStringField("gateway", s.gateway());
            g.writeStringField("kind", s.kind());
            g.writeNumberField("ts", s.ts());
            g.writeNumberField("epoch", s.epoch());
            g.writeBooleanField("online", s.online());
            g.writeArrayFieldStart("streams");
            for (GatewayStatus.StreamStatus st : s.streams()) {
                g.writeStartObject();
                g.writeStringField("stream", st.stream());
                g.writeNumberField("ackedThrough", st.ackedThrough());
                g.writeNumberField("lastSeq", st.lastSeq());
                g.writeNumberField("backlog", st.backlog());
                g.writeNumberField("oldestUnackedTs", st.oldestUnackedTs());
                g.writeEndObject();
            }
            g.writeEndArray();
            if (s.command() == null) g.writeNullField("command");
            else g.writeStringField("command", s.command());
            if (s.detail() == null) g.writeNullField("detail");
            else g.writeStringField("detail", s.detail());
        });
        return Envelope.seal(Envelope.KIND_STATUS, Envelope.CT_JSON, w.bytes(), key);
    }

    public static GatewayStatus decodeStatus(byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        Envelope.Opened o = Envelope.open(msg, Envelope.KIND_STATUS, key, requireSigned);
        if (o.contentType() != Envelope.CT_JSON) throw new SyncFormatException(Reject.UNSUPPORTED, "status: content type must be J");
        JsonNode n = parse(o.body(), "status");
        checkFields(n, STATUS_FIELDS, "status");
        version(n, "status");
        String kind = textField(n, "kind", "status");
        if (!Set.of(GatewayStatus.BIRTH, GatewayStatus.WILL, GatewayStatus.STATUS, GatewayStatus.RESULT).contains(kind)) {
            throw new SyncFormatException("status.kind: unknown kind '" + kind + "'");
        }
        JsonNode on = n.get("online");
        if (on == null || !on.isBoolean()) throw new SyncFormatException("status.online: missing or not a boolean");
        JsonNode arr = n.get("streams");
        if (arr == null || !arr.isArray() || arr.size() > 64) throw new SyncFormatException("status.streams: missing, not an array or too long");
        List<GatewayStatus.StreamStatus> streams = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            String where = "status.streams[" + i + "]";
            JsonNode s = arr.get(i);
            if (!s.isObject()) throw new SyncFormatException(where + ": not an object");
            checkFields(s, STREAM_FIELDS, where);
            streams.add(new GatewayStatus.StreamStatus(nameField(s, "stream", where), longField(s, "ackedThrough", where),
                    longField(s, "lastSeq", where), longField(s, "backlog", where), longField(s, "oldestUnackedTs", where)));
        }
        return new GatewayStatus(nameField(n, "gateway", "status"), kind, longField(n, "ts", "status"),
                longField(n, "epoch", "status"), on.booleanValue(), streams, optText(n, "command", "status", 64),
                optText(n, "detail", "status", 1024));
    }

    // ------------------------------------------------------------------ commands

    public static byte[] encode(Command c, byte[] key) {
        ObjectNodeWriter w = new ObjectNodeWriter();
        w.g(g -> {
            g.writeNumberField("v", Batch.VERSION);
            g.writeStringField("gateway", c.gateway());
            g.writeStringField("id", c.id());
            g.writeStringField("cmd", c.cmd());
            g.writeNumberField("epoch", c.epoch());
            g.writeStringField("stream", c.stream());
            g.writeNumberField("from", c.from());
            g.writeNumberField("to", c.to());
            if (c.body() != null) g.writeStringField("body", c.body());
        });
        return Envelope.seal(Envelope.KIND_COMMAND, Envelope.CT_JSON, w.bytes(), key);
    }

    public static Command decodeCommand(byte[] msg, byte[] key, boolean requireSigned) throws SyncFormatException {
        Envelope.Opened o = Envelope.open(msg, Envelope.KIND_COMMAND, key, requireSigned);
        if (o.contentType() != Envelope.CT_JSON) throw new SyncFormatException(Reject.UNSUPPORTED, "command: content type must be J");
        JsonNode n = parse(o.body(), "command");
        checkFields(n, COMMAND_FIELDS, "command");
        version(n, "command");
        String cmd = textField(n, "cmd", "command");
        if (!cmd.equals(Command.RESEND) && !cmd.equals(Command.CONFIG)) {
            throw new SyncFormatException(Reject.UNSUPPORTED, "command.cmd: unknown command '" + cmd + "'");
        }
        long from = longField(n, "from", "command");
        long to = longField(n, "to", "command");
        String body = n.has("body") ? optText(n, "body", "command", Command.MAX_BODY) : null;
        if (cmd.equals(Command.CONFIG)) {
            if (body == null) throw new SyncFormatException("command.body: missing (a config command carries the config file)");
        } else if (body != null) {
            throw new SyncFormatException("command.body: only a config command carries a body");
        } else if (from < 1 || to < from) {
            throw new SyncFormatException("command: range " + from + ".." + to + " is empty or invalid");
        }
        return new Command(nameField(n, "gateway", "command"), nameField(n, "id", "command"), cmd,
                longField(n, "epoch", "command"), nameField(n, "stream", "command"), from, to, body);
    }

    // ------------------------------------------------------------------ helpers

    private interface GenBody {
        void write(JsonGenerator g) throws IOException;
    }

    private static final class ObjectNodeWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(192);

        void g(GenBody body) {
            try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
                g.writeStartObject();
                body.write(g);
                g.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    private static void version(JsonNode n, String what) throws SyncFormatException {
        long v = longField(n, "v", what);
        if (v != Batch.VERSION) throw new SyncFormatException(Reject.UNSUPPORTED, what + ".v: unsupported protocol version " + v);
    }

    private static JsonNode parse(byte[] payload, String what) throws SyncFormatException {
        if (payload == null || payload.length == 0) throw new SyncFormatException(what + ": empty message");
        if (payload.length > MAX_MESSAGE_BYTES) {
            throw new SyncFormatException(what + ": message of " + payload.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        try {
            JsonNode n = MAPPER.readTree(payload);
            if (n == null || !n.isObject()) throw new SyncFormatException(what + ": not a JSON object");
            return n;
        } catch (JsonProcessingException e) {
            throw new SyncFormatException(what + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new SyncFormatException(what + ": unreadable: " + e.getMessage(), e);
        }
    }

    private static void checkFields(JsonNode n, Set<String> known, String where) throws SyncFormatException {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) throw new SyncFormatException(where + ": unknown field '" + f + "'");
        }
    }

    private static long longField(JsonNode n, String f, String where) throws SyncFormatException {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) throw new SyncFormatException(where + "." + f + ": missing");
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new SyncFormatException(where + "." + f + ": not an integer");
        return v.longValue();
    }

    private static String textField(JsonNode n, String f, String where) throws SyncFormatException {
        JsonNode v = n.get(f);
        if (v == null || v.isNull()) throw new SyncFormatException(where + "." + f + ": missing");
        if (!v.isTextual()) throw new SyncFormatException(where + "." + f + ": not a string");
        if (v.asText().isEmpty() || v.asText().length() > 256) throw new SyncFormatException(where + "." + f + ": empty or longer than 256");
        return v.asText();
    }

    private static String optText(JsonNode n, String f, String where, int max) throws SyncFormatException {
        JsonNode v = n.get(f);
        if (v == null) throw new SyncFormatException(where + "." + f + ": missing (use null)");
        if (v.isNull()) return null;
        if (!v.isTextual() || v.asText().length() > max) throw new SyncFormatException(where + "." + f + ": not a string of at most " + max);
        return v.asText();
    }

    private static String nameField(JsonNode n, String f, String where) throws SyncFormatException {
        String s = textField(n, f, where);
        if (!Topics.NAME.matcher(s).matches()) throw new SyncFormatException(where + "." + f + ": invalid name '" + s + "'");
        return s;
    }
}
