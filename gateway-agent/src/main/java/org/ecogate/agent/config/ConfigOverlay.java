package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The platform's accepted config, kept in the state directory as an overlay of the admin's file: each top-level
 * section the overlay holds ({@code devices:}, {@code detection:}, ...) replaces that section of the file; the others
 * come from the file. Stateless, thread-safe. Trap: sections are split by their top-level key lines, so both
 * documents must write one top-level key per line (block style); relative paths resolve against the file's directory.
 */
public final class ConfigOverlay {
    /** The overlay's name in the state directory (beside the buffer). */
    public static final String FILE_NAME = "ecogate.overlay.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigOverlay() {}

    /** One top-level section: its key, its text (key line to the next key line) and its first line (1-based). */
    private record Section(String key, String text, int line) {}

    /** The effective config: {@code file} with the sections of {@code overlay} (when it exists) on top. */
    public static AgentConfig load(Path file, Path overlay) throws ConfigException {
        if (overlay == null || !Files.exists(overlay)) return ConfigLoader.load(file);
        return parse(file, read(overlay, overlay.toString()), overlay.toString());
    }

    /** The effective config of {@code file} with {@code text} (named {@code name} in errors) on top. */
    public static AgentConfig parse(Path file, String text, String name) throws ConfigException {
        String base = read(file, file.toString());
        Map<String, Section> top = sections(text, name);
        StringBuilder merged = new StringBuilder(text.endsWith("\n") || text.isEmpty() ? text : text + "\n");
        int overlayLines = lineCount(merged);
        List<int[]> baseLines = new ArrayList<>(); // merged line -> base line, for the base's sections
        for (Section s : sections(base, file.toString()).values()) {
            if (top.containsKey(s.key())) continue;
            int first = lineCount(merged) + 1;
            merged.append(s.text());
            baseLines.add(new int[] {first, s.line(), lineCount(merged)});
        }
        try {
            return ConfigLoader.parse(name, merged.toString(), file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            if (e.line() <= overlayLines) throw e;
            for (int[] m : baseLines) {
                if (e.line() >= m[0] && e.line() <= m[2]) {
                    throw new ConfigException(file.toString(), m[1] + e.line() - m[0], e.field(), e.problem());
                }
            }
            throw new ConfigException(file.toString(), 0, e.field(), e.problem());
        }
    }

    /**
     * What to keep of a config the platform pushed: the sections that differ from {@code file}, as overlay text
     * (empty when the push equals the file). Sections the file has and the push lacks stay the file's.
     */
    public static String differences(Path file, String pushed, String name) throws ConfigException {
        Map<String, Section> base = sections(read(file, file.toString()), file.toString());
        StringBuilder out = new StringBuilder();
        for (Section s : sections(pushed, name).values()) {
            Section b = base.get(s.key());
            if (b == null || !tree(b.text()).equals(tree(s.text()))) out.append(s.text());
        }
        return out.toString();
    }

    /** The top-level keys an overlay file holds (empty when it does not exist). */
    public static List<String> keys(Path overlay) throws ConfigException {
        if (overlay == null || !Files.exists(overlay)) return List.of();
        return new ArrayList<>(sections(read(overlay, overlay.toString()), overlay.toString()).keySet());
    }

    /**
     * Keeps {@code text} as the overlay: written beside it, then renamed over it (a power cut leaves the old or the
     * new one), owner-only (it may hold secrets), the previous one kept as {@code <name>.prev}. Empty text removes it.
     */
    public static void save(Path overlay, String text) throws IOException {
        Path prev = overlay.resolveSibling(overlay.getFileName() + ".prev");
        if (text.isEmpty()) {
            if (Files.exists(overlay)) Files.move(overlay, prev, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Path tmp = overlay.resolveSibling(overlay.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        if (Files.exists(overlay)) Files.copy(overlay, prev, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(tmp, overlay, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, Section> sections(String text, String name) throws ConfigException {
        Map<String, Section> out = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        String key = null;
        int start = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            java.util.regex.Matcher m = TOP_KEY.matcher(l);
            if (m.lookingAt()) {
                if (key != null) out.put(key, new Section(key, cur.toString(), start));
                key = m.group(1);
                if (out.containsKey(key)) throw new ConfigException(name, i + 1, key, "duplicate top-level key");
                start = i + 1;
                cur = new StringBuilder();
            }
            if (key != null && (i < lines.length - 1 || !l.isEmpty())) cur.append(l).append('\n');
        }
        if (key != null) out.put(key, new Section(key, cur.toString(), start));
        JsonNode t = tree(text, name);
        if (t != null && t.isObject()) {
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!out.containsKey(k)) {
                    throw new ConfigException(name, 0, k, "an overlay needs each top-level key on its own line (key: followed by its block)");
                }
            }
        }
        return out;
    }

    private static final java.util.regex.Pattern TOP_KEY = java.util.regex.Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)\\s*:(\\s|$)");

    private static JsonNode tree(String text) {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static JsonNode tree(String text, String name) throws ConfigException {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(name, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "",
                    "not valid YAML: " + e.getOriginalMessage());
        }
    }

    private static String read(Path file, String name) throws ConfigException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, "", "file not found");
        } catch (IOException e) {
            throw new ConfigException(name, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static int lineCount(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') n++;
        return n;
    }
}
