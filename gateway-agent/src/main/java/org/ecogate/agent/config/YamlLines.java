package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;

/**
 * Field path ({@code devices[1].port}) to the line it starts on, so validation that runs after binding can still
 * point at a line. Lazy: it keeps only the text and scans it when an error asks for a line (a 200-device config has
 * ~200,000 paths; indexing them all up front cost ~20 MB of heap, more than the agent's whole default heap).
 * Immutable; the scan is per call.
 */
final class YamlLines {
    private final String text;

    private YamlLines(String text) { this.text = text; }

    static YamlLines index(String text) {
        return new YamlLines(text);
    }

    /** Line of the path, or of its nearest enclosing element, or 0 when unknown. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            int l = scan(p);
            if (l > 0) return l;
            if (p.isEmpty()) return 0;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
    }

    /** The first line where {@code wanted} starts, 0 if it does not occur. */
    private int scan(String wanted) {
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                String path = toPath(p.getParsingContext().pathAsPointer().toString());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path = toPath(p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString());
                }
                if (path.equals(wanted)) return p.currentTokenLocation().getLineNr();
            }
        } catch (IOException ignored) {
            // syntax errors are reported by the binder with their own location
        }
        return 0;
    }

    /** JSON pointer {@code /devices/1/port} to {@code devices[1].port}. */
    static String toPath(String pointer) {
        if (pointer.isEmpty() || pointer.equals("/")) return "";
        StringBuilder sb = new StringBuilder();
        for (String part : pointer.substring(1).split("/")) {
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(part).append(']');
            } else {
                if (sb.length() > 0) sb.append('.');
                sb.append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return sb.toString();
    }
}
