package org.ecogate.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 11: the package arrows of ../shared/design.md hold in the sources of gateway-agent
 * ({@code cli, web -> runtime -> {acquisition, buffer, detect, uplink} -> {config, model, time}}). Reads every
 * main source file's imports and fully-qualified references (comments and strings stripped) and fails naming
 * file and arrow. A new top-level package fails too, until it is given its place in {@link #ALLOWED}.
 */
class ArchitectureTest {
    private static final Path MAIN = Path.of("src/main/java/org/ecogate/agent");
    private static final String ROOT = "org.ecogate.agent.";

    /** Layer -> the layers it may use (besides itself). */
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "model", Set.of(),
            "time", Set.of(),
            "config", Set.of("model", "time"),
            "acquisition", Set.of("model", "time", "config"),
            "buffer", Set.of("model", "time", "config"),
            "detect", Set.of("model", "time", "config"),
            "uplink", Set.of("model", "time", "config", "buffer"),
            "runtime", Set.of("model", "time", "config", "acquisition", "buffer", "detect", "uplink"),
            "web", Set.of("model", "time", "config", "runtime"),
            // cli: value types of detect (Event) and buffer (BufferReport) as returned by runtime views; acquisition
            // for the technician's protocol tools (modbus read/scan, coap get, plan, points)
            "cli", Set.of("model", "time", "config", "runtime", "web", "detect", "buffer", "acquisition"));

    /** Packages only the runtime (the wiring) may name: implementations behind an interface. */
    private static final Map<String, Set<String>> IMPLEMENTATIONS = Map.of(
            "buffer.sqlite", Set.of("runtime"));

    /** detect is pure logic over readings and a clock: no files, streams, SQL, JSON/YAML or formatting. */
    private static final List<String> NOT_IN_DETECT = List.of("java.io.", "java.nio.file.", "java.sql.", "java.net.",
            "com.fasterxml.jackson.", "org.slf4j.", "java.time.format.", "org.ecogate.sync.");

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern QUALIFIED = Pattern.compile("\\borg\\.ecogate\\.agent\\.((?:[a-z]\\w*\\.)*[a-z]\\w*)\\.[A-Z]");

    // issue 11
    @Test
    void packageArrowsPointOneWay() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source s : sources()) {
            String from = layer(s.pkg);
            if (!ALLOWED.containsKey(from)) {
                violations.add(s.file + ": package " + s.pkg + " has no place in the design (add it to ArchitectureTest.ALLOWED)");
                continue;
            }
            for (String to : s.agentPackages) {
                String toLayer = layer(to);
                if (toLayer.equals(from)) {
                    String a = sub(s.pkg), b = sub(to);
                    if (!a.isEmpty() && !b.isEmpty() && !a.equals(b)) {
                        violations.add(s.file + ": " + s.pkg + " -> " + to + " (sibling sub-packages must not know each other)");
                    }
                    continue;
                }
                if (!ALLOWED.get(from).contains(toLayer)) violations.add(s.file + ": " + from + " -> " + toLayer + " (" + to + ")");
                String rel = to.substring(ROOT.length());
                Set<String> who = IMPLEMENTATIONS.get(rel);
                if (who != null && !who.contains(from)) violations.add(s.file + ": " + from + " -> " + rel + " (only " + who + " may name an implementation)");
            }
        }
        assertThat(violations).as("forbidden arrows").isEmpty();
    }

    // issue 11
    @Test
    void detectIsPure() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source s : sources()) {
            if (!layer(s.pkg).equals("detect")) continue;
            for (String name : s.allImportsAndNames) {
                for (String bad : NOT_IN_DETECT) if (name.startsWith(bad)) violations.add(s.file + ": uses " + name);
            }
        }
        assertThat(violations).as("I/O or formatting in detect").isEmpty();
    }

    // issue 11
    @Test
    void commandsNeverTouchSql() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Source s : sources()) {
            if (!layer(s.pkg).equals("cli") && !layer(s.pkg).equals("web")) continue;
            for (String name : s.allImportsAndNames) if (name.startsWith("java.sql.")) violations.add(s.file + ": uses " + name);
        }
        assertThat(violations).as("SQL in commands (ask a runtime view)").isEmpty();
    }

    // issue 11
    @Test
    void everyPackageSaysWhatLivesThere() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                boolean hasJava;
                try (Stream<Path> fs = Files.list(d)) {
                    hasJava = fs.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (hasJava && !Files.exists(d.resolve("package-info.java"))) missing.add(d.toString());
            }
        }
        assertThat(missing).as("packages without package-info.java").isEmpty();
    }

    // ---- source reading ------------------------------------------------------------------------------------

    private record Source(Path file, String pkg, Set<String> agentPackages, Set<String> allImportsAndNames) {}

    private static List<Source> sources() throws IOException {
        assertThat(MAIN).as("run from the gateway-agent module directory").isDirectory();
        List<Source> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String code = stripCommentsAndStrings(Files.readString(f));
                Matcher pm = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE).matcher(code);
                if (!pm.find()) continue;
                Set<String> agent = new TreeSet<>();
                Set<String> names = new TreeSet<>();
                Matcher im = IMPORT.matcher(code);
                while (im.find()) {
                    names.add(im.group(1));
                    if (im.group(1).startsWith(ROOT)) agent.add(packageOf(im.group(1)));
                }
                Matcher qm = QUALIFIED.matcher(code);
                while (qm.find()) agent.add(ROOT + qm.group(1));
                Matcher fq = Pattern.compile("\\b((?:java|javax|com|org)\\.[a-z]\\w*(?:\\.[a-z]\\w*)*)\\.[A-Z]").matcher(code);
                while (fq.find()) names.add(fq.group(1) + ".");
                out.add(new Source(MAIN.relativize(f), pm.group(1), agent, names));
            }
        }
        return out;
    }

    /** The package of an imported class or member: the name up to the first capitalised segment. */
    private static String packageOf(String name) {
        StringBuilder p = new StringBuilder();
        for (String seg : name.split("\\.")) {
            if (!seg.isEmpty() && Character.isUpperCase(seg.charAt(0))) break;
            if (p.length() > 0) p.append('.');
            p.append(seg);
        }
        return p.toString();
    }

    /** "org.ecogate.agent.buffer.sqlite" -> "buffer". */
    static String layer(String pkg) {
        if (!pkg.startsWith(ROOT)) return pkg.equals("org.ecogate.agent") ? "" : "?";
        String rel = pkg.substring(ROOT.length());
        int dot = rel.indexOf('.');
        return dot < 0 ? rel : rel.substring(0, dot);
    }

    /** "org.ecogate.agent.buffer.sqlite" -> "sqlite"; "org.ecogate.agent.buffer" -> "". */
    private static String sub(String pkg) {
        String rel = pkg.substring(ROOT.length());
        int dot = rel.indexOf('.');
        return dot < 0 ? "" : rel.substring(dot + 1);
    }

    private static String stripCommentsAndStrings(String s) {
        return s.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("(?s)\"\"\".*?\"\"\"", "\"\"")
                .replaceAll("\"(?:\\\\.|[^\"\\\\\\n])*\"", "\"\"")
                .replaceAll("//[^\\n]*", " ");
    }
}
