package org.ecogate.hj212;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CP part of a data segment: items separated by {@code ;}, each item one or more {@code key=value} fields
 * separated by {@code ,} (e.g. {@code w01018-Rtd=36.91,w01018-Flag=N}). Immutable. Field names are case-sensitive;
 * the trap is the standard's own examples mixing both separators, so items keep their grouping as sent.
 */
public record Cp(List<Map<String, String>> items) {
    public static final Cp EMPTY = new Cp(List.of());

    public Cp {
        List<Map<String, String>> copy = new ArrayList<>();
        for (Map<String, String> item : items) {
            copy.add(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(item)));
        }
        items = List.copyOf(copy);
    }

    /** The first value of {@code key} in any item, or null. */
    public String get(String key) {
        for (Map<String, String> item : items) {
            String v = item.get(key);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** All fields in order, flattened (a later duplicate key wins). */
    public Map<String, String> flat() {
        Map<String, String> m = new LinkedHashMap<>();
        items.forEach(m::putAll);
        return m;
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> item : items) {
            if (sb.length() > 0) {
                sb.append(';');
            }
            appendItem(sb, item);
        }
        return sb.toString();
    }

    static void appendItem(StringBuilder sb, Map<String, String> item) {
        boolean first = true;
        for (Map.Entry<String, String> e : item.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue());
        }
    }

    /** Parses the text between {@code CP=&&} and {@code &&}. */
    public static Cp parse(String text) throws Hj212Exception {
        if (text.isEmpty()) {
            return EMPTY;
        }
        List<Map<String, String>> items = new ArrayList<>();
        int n = 0;
        for (String itemText : text.split(";", -1)) {
            n++;
            if (itemText.isEmpty()) {
                continue; // tolerated: a trailing ';' is common in the field
            }
            Map<String, String> item = new LinkedHashMap<>();
            for (String field : itemText.split(",", -1)) {
                int eq = field.indexOf('=');
                if (eq <= 0) {
                    throw new Hj212Exception("CP item " + n + ": '" + field + "' is not key=value");
                }
                String key = field.substring(0, eq);
                if (item.put(key, field.substring(eq + 1)) != null) {
                    throw new Hj212Exception("CP item " + n + ": field " + key + " given twice");
                }
            }
            items.add(item);
        }
        return new Cp(items);
    }

    /** Builder keeping item order; {@code item()} starts a new {@code ;} item. */
    public static Builder builder() {
        return new Builder();
    }

    /** Not thread-safe; one per packet being built. */
    public static final class Builder {
        private final List<Map<String, String>> items = new ArrayList<>();

        public Builder item(String key, String value) {
            items.add(new LinkedHashMap<>(Map.of(key, value)));
            return this;
        }

        /** Adds a field to the current item ({@code ,}-separated), starting one if none. */
        public Builder field(String key, String value) {
            if (items.isEmpty()) {
                items.add(new LinkedHashMap<>());
            }
            items.get(items.size() - 1).put(key, value);
            return this;
        }

        public Builder newItem() {
            items.add(new LinkedHashMap<>());
            return this;
        }

        public Cp build() {
            items.removeIf(Map::isEmpty);
            return new Cp(items);
        }
    }
}
