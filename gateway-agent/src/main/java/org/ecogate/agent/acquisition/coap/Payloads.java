package org.ecogate.agent.acquisition.coap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Decodes a CoAP payload (json, cbor, or a plain number as text) into a tree that JSON pointers select from. Thread-safe. */
public final class Payloads {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    private Payloads() {}

    public static JsonNode parse(String kind, byte[] payload) throws IOException {
        return switch (kind) {
            case "cbor" -> CBOR.readTree(payload);
            case "number" -> {
                String t = new String(payload, StandardCharsets.UTF_8).trim();
                try {
                    yield DoubleNode.valueOf(Double.parseDouble(t));
                } catch (NumberFormatException e) {
                    throw new IOException("payload '" + (t.length() > 40 ? t.substring(0, 40) + "…" : t) + "' is not a number");
                }
            }
            default -> JSON.readTree(payload);
        };
    }

    /** The number at {@code pointer} ("" or null: the root); booleans count 1/0; null when absent or not a number. */
    public static Double number(JsonNode root, String pointer) {
        JsonNode n = pointer == null || pointer.isEmpty() ? root : root.at(pointer);
        if (n == null || n.isMissingNode() || n.isNull()) return null;
        if (n.isNumber()) return n.doubleValue();
        if (n.isBoolean()) return n.booleanValue() ? 1.0 : 0.0;
        if (n.isTextual()) {
            try {
                return Double.parseDouble(n.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
