package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Index of a YAML document: field path ({@code devices[1].port}) to the line it starts on.
 * Lets validation that runs after binding still point at a line. Immutable after {@link #index}.
 */
final class YamlLines {
    private final Map<String, Integer> lines;

    private YamlLines(Map<String, Integer> lines) { this.lines = lines; }

    static YamlLines index(String text) {
        Map<String, Integer> map = new HashMap<>();
        try (JsonParser p = new YAMLFactory().createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) continue;
                String path = toPath(p.getParsingContext().pathAsPointer().toString());
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    path = toPath(p.getParsingContext().getParent() == null ? ""
                            : p.getParsingContext().getParent().pathAsPointer().toString());
                }
                map.putIfAbsent(path, p.currentTokenLocation().getLineNr());
            }
        } catch (IOException ignored) {
            // syntax errors are reported by the binder with their own location
        }
        return new YamlLines(map);
    }

    /** Line of the path, or of its nearest enclosing element, or 0 when unknown. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) return l;
            if (p.isEmpty()) return 0;
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut <= 0 ? "" : p.substring(0, cut);
        }
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
