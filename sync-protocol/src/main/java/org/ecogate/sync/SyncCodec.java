package org.ecogate.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * JSON encoding of {@link Batch} and {@link Ack} (protocol v0, see sync-protocol/README.md). Decoding is strict:
 * every required field present with the right type, no unknown fields, sequence numbers consistent; anything
 * else is a {@link SyncFormatException} naming the field. Stateless and thread-safe.
 */
public final class SyncCodec {
    /** Largest message accepted (bytes). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /** Most records in one batch. */
    public static final int MAX_RECORDS = 50_000;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(8).maxStringLength(1 << 20).build())
            .build());
    private static final Set<String> BATCH_FIELDS = Set.of("v", "gateway", "epoch", "stream", "prev", "first", "last", "records");
    private static final Set<String> RECORD_FIELDS = Set.of("seq", "point", "ts", "value", "q", "body");
    /** Largest document body (characters). */
    public static final int MAX_BODY_CHARS = 64 * 1024;
    private static final Set<String> ACK_FIELDS = Set.of("v", "gateway", "epoch", "stream", "ackedThrough", "status", "reason");

    private SyncCodec() {}

    public static byte[] encode(Batch b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + b.records().size() * 64);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", b.v());
            g.writeStringField("gateway", b.gateway());
            g.writeNumberField("epoch", b.epoch());
            g.writeStringField("stream", b.stream());
            g.writeNumberField("prev", b.prev());
            g.writeNumberField("first", b.first());
            g.writeNumberField("last", b.last());
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

    public static byte[] encode(Ack a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", Batch.VERSION);
            g.writeStringField("gateway", a.gateway());
            g.writeNumberField("epoch", a.epoch());
            g.writeStringField("stream", a.stream());
            g.writeNumberField("ackedThrough", a.ackedThrough());
            g.writeStringField("status", a.status());
            if (a.reason() == null) g.writeNullField("reason");
            else g.writeStringField("reason", a.reason());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static Batch decodeBatch(byte[] payload) throws SyncFormatException {
        JsonNode n = parse(payload, "batch");
        checkFields(n, BATCH_FIELDS, "batch");
        int v = (int) longField(n, "v", "batch");
        if (v != Batch.VERSION) throw new SyncFormatException("batch.v: unsupported protocol version " + v);
        String gateway = nameField(n, "gateway", "batch");
        long epoch = longField(n, "epoch", "batch");
        String stream = nameField(n, "stream", "batch");
        long prev = longField(n, "prev", "batch");
        long first = longField(n, "first", "batch");
        long last = longField(n, "last", "batch");
        if (prev < 0) throw new SyncFormatException("batch.prev: negative (" + prev + ")");
        if (first <= prev) throw new SyncFormatException("batch.first: " + first + " does not follow prev " + prev);
        if (last < first) throw new SyncFormatException("batch.last: " + last + " is before first " + first);
        JsonNode recs = n.get("records");
        if (recs == null || !recs.isArray()) throw new SyncFormatException("batch.records: missing or not an array");
        if (recs.isEmpty()) throw new SyncFormatException("batch.records: empty");
        if (recs.size() > MAX_RECORDS) throw new SyncFormatException("batch.records: " + recs.size() + " records, more than " + MAX_RECORDS);
        if (recs.size() > last - first + 1) {
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
        return new Batch(v, gateway, epoch, stream, prev, first, last, out);
    }

    public static Ack decodeAck(byte[] payload) throws SyncFormatException {
        JsonNode n = parse(payload, "ack");
        checkFields(n, ACK_FIELDS, "ack");
        int v = (int) longField(n, "v", "ack");
        if (v != Batch.VERSION) throw new SyncFormatException("ack.v: unsupported protocol version " + v);
        String status = textField(n, "status", "ack");
        if (!status.equals(Ack.OK) && !status.equals(Ack.GAP) && !status.equals(Ack.REJECTED)) {
            throw new SyncFormatException("ack.status: unknown status '" + status + "'");
        }
        JsonNode reason = n.get("reason");
        String r = reason == null || reason.isNull() ? null : reason.asText();
        long through = longField(n, "ackedThrough", "ack");
        if (through < 0) throw new SyncFormatException("ack.ackedThrough: negative (" + through + ")");
        return new Ack(nameField(n, "gateway", "ack"), longField(n, "epoch", "ack"), nameField(n, "stream", "ack"),
                through, status, r);
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
        } catch (IOException e) {
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

    private static String nameField(JsonNode n, String f, String where) throws SyncFormatException {
        String s = textField(n, f, where);
        if (!Topics.NAME.matcher(s).matches()) throw new SyncFormatException(where + "." + f + ": invalid name '" + s + "'");
        return s;
    }
}
