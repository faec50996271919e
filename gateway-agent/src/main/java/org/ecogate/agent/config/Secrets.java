package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets kept out of the YAML: {@code ${NAME}} in any value is replaced by the environment variable NAME, and a
 * {@code passwordFile} key is replaced by a {@code password} holding the file's first line (relative paths against
 * the config's directory). Works on the parsed tree, so a value with YAML syntax in it stays a value. Stateless.
 * Trap: error messages name the variable or the file, never the value.
 */
final class Secrets {
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /** Secret keys that may instead be given as {@code <key>File}. ({@code keyFile} is read by UplinkConfig.) */
    private static final List<String> FILE_KEYS = List.of("password");

    interface Problem {
        ConfigException at(String path, String problem);
    }

    private Secrets() {}

    static void resolve(JsonNode node, String path, Map<String, String> env, Path baseDir, Problem problem) throws ConfigException {
        if (node instanceof ObjectNode o) {
            for (String k : FILE_KEYS) {
                JsonNode f = o.get(k + "File");
                if (f == null) continue;
                String at = (path.isEmpty() ? "" : path + ".") + k + "File";
                if (o.has(k)) throw problem.at(at, "set " + k + " or " + k + "File, not both");
                String name = substitute(f.asText(), env, at, problem);
                Path file = Path.of(name).isAbsolute() || baseDir == null ? Path.of(name) : baseDir.resolve(name);
                try {
                    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                    String v = lines.isEmpty() ? "" : lines.get(0).strip();
                    if (v.isEmpty()) throw problem.at(at, file + " is empty");
                    o.remove(k + "File");
                    o.put(k, v);
                } catch (IOException e) {
                    throw problem.at(at, "cannot read " + file + ": " + FileErrors.reason(e));
                }
            }
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode v = o.get(k);
                String at = (path.isEmpty() ? "" : path + ".") + k;
                if (v.isTextual()) o.set(k, TextNode.valueOf(substitute(v.asText(), env, at, problem)));
                else resolve(v, at, env, baseDir, problem);
            }
        } else if (node != null && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = node.get(i);
                String at = path + "[" + i + "]";
                if (v.isTextual()) ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(substitute(v.asText(), env, at, problem)));
                else resolve(v, at, env, baseDir, problem);
            }
        }
    }

    private static String substitute(String text, Map<String, String> env, String path, Problem problem) throws ConfigException {
        if (!text.contains("${")) return text;
        Matcher m = VAR.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = env.get(m.group(1));
            if (v == null) throw problem.at(path, "environment variable " + m.group(1) + " is not set");
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
