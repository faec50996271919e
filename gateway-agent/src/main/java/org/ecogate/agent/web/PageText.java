package org.ecogate.agent.web;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The page's words in one language, from the one message catalogue {@code i18n/page.json} (every key in English and
 * zh-CN), and the language a browser asks for ({@code ?lang=} first, then {@code Accept-Language}). Immutable,
 * thread-safe. Trap: a key missing from the catalogue shows as the key itself (and PageMessagesTest fails).
 */
final class PageText {
    static final String EN = "en";
    static final String ZH = "zh-CN";
    static final List<String> LANGUAGES = List.of(ZH, EN);
    /** Each language's name in itself, for the switch. */
    static final Map<String, String> NAMES = Map.of(ZH, "中文", EN, "English");
    private static final Map<String, Map<String, String>> CATALOGUE = load();

    private final String lang;

    private PageText(String lang) {
        this.lang = lang;
    }

    static PageText of(String lang) {
        return new PageText(LANGUAGES.contains(lang) ? lang : EN);
    }

    String lang() {
        return lang;
    }

    /** The text of {@code key} with {0}, {1}, ... replaced by {@code args} (not escaped: the page escapes). */
    String get(String key, Object... args) {
        Map<String, String> m = CATALOGUE.get(key);
        String s = m == null ? key : m.getOrDefault(lang, key);
        for (int i = 0; i < args.length; i++) s = s.replace("{" + i + "}", String.valueOf(args[i]));
        return s;
    }

    /** The language for a request: a supported {@code ?lang=} wins; else the best of Accept-Language; else English. */
    static String choose(String query, String acceptLanguage) {
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("lang=")) {
                    String want = kv.substring(5);
                    for (String l : LANGUAGES) if (l.equalsIgnoreCase(want)) return l;
                }
            }
        }
        if (acceptLanguage == null) return EN;
        String best = EN;
        double bestQ = -1;
        for (String part : acceptLanguage.split(",")) {
            String[] p = part.trim().split(";");
            String tag = p[0].trim().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < p.length; i++) {
                if (p[i].trim().startsWith("q=")) {
                    try {
                        q = Double.parseDouble(p[i].trim().substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            String l = tag.startsWith("zh") ? ZH : tag.startsWith("en") ? EN : null;
            if (l != null && q > bestQ) {
                best = l;
                bestQ = q;
            }
        }
        return best;
    }

    /** Every key of the catalogue with its languages (tests). */
    static Map<String, Map<String, String>> catalogue() {
        return CATALOGUE;
    }

    private static Map<String, Map<String, String>> load() {
        try (InputStream in = PageText.class.getResourceAsStream("/i18n/page.json")) {
            if (in == null) throw new IllegalStateException("i18n/page.json missing from the agent's jar");
            JsonNode root = LocalWeb.JSON.readTree(in);
            Map<String, Map<String, String>> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Map<String, String> langs = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> l = e.getValue().fields(); l.hasNext(); ) {
                    Map.Entry<String, JsonNode> t = l.next();
                    langs.put(t.getKey(), t.getValue().asText());
                }
                out.put(e.getKey(), langs);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keys used by the page's code that the catalogue lacks in some language (tests). */
    static List<String> missing(List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            Map<String, String> m = CATALOGUE.get(k);
            for (String l : LANGUAGES) if (m == null || !m.containsKey(l)) out.add(k + " (" + l + ")");
        }
        return out;
    }
}
