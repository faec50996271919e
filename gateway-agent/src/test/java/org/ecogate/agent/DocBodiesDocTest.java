package org.ecogate.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferTesting;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.buffer.TestClock;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.SummaryConfig;
import org.ecogate.agent.detect.Detector;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.runtime.ClockService;
import org.ecogate.agent.runtime.ClockSteps;
import org.ecogate.agent.runtime.DetectJson;
import org.ecogate.agent.runtime.ReadingsCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Issue 13: sync-protocol/PROTOCOL.md section 14 states the bodies of the events, gaps and summaries documents. This
 * drives the real producers (the detector over the golden test cases, {@link ClockSteps}, a real SQLite buffer that
 * drops and is recreated) and checks every body against the section's tables: each required member present, no
 * member undocumented, each value of a documented JSON type, and every documented kind and member actually produced.
 */
class DocBodiesDocTest {
    private static final Path PROTOCOL = Path.of("../sync-protocol/PROTOCOL.md");
    private static final Path CASES = Path.of("../testcases");
    private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "null", "string[]", "object");
    private static final Pattern HEADING = Pattern.compile("Stream `(\\w+)`: (?:type|kind) (.+)");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_795_992_000_000L;

    record Field(String name, Set<String> types, boolean required) {}

    record Schema(String heading, String stream, Set<String> kinds, Map<String, Field> fields) {}

    @TempDir
    Path dir;

    // issue 13
    @Test
    void everyDocumentBodyTheAgentProducesIsExactlyAsProtocolSection14States() throws Exception {
        List<Schema> schemas = schemas(Files.readString(PROTOCOL, StandardCharsets.UTF_8));
        assertThat(schemas).as("subsections of PROTOCOL.md section 14").hasSizeGreaterThanOrEqualTo(5);
        List<Doc> docs = new ArrayList<>();
        docs.addAll(detectorDocs());
        docs.addAll(clockStepDocs());
        docs.addAll(gapDocs());

        Map<Schema, Set<String>> kindsSeen = new LinkedHashMap<>();
        Map<Schema, Set<String>> fieldsSeen = new LinkedHashMap<>();
        for (Doc d : docs) {
            JsonNode body = JSON.readTree(d.body());
            assertThat(body.isObject()).as("body of %s is a JSON object: %s", d.key(), d.body()).isTrue();
            assertThat(d.body()).as("one line").doesNotContain("\n");
            String kind = body.path(Buffer.SUMMARIES.equals(d.stream()) ? "kind" : "type").asText(null);
            Schema s = schemas.stream().filter(x -> x.stream().equals(d.stream()) && x.kinds().contains(kind)).findFirst()
                    .orElseThrow(() -> new AssertionError("PROTOCOL.md section 14 documents no kind '" + kind + "' of stream "
                            + d.stream() + ": " + d.body()));
            check(s, body, d.body());
            kindsSeen.computeIfAbsent(s, k -> new HashSet<>()).add(kind);
            body.fieldNames().forEachRemaining(f -> fieldsSeen.computeIfAbsent(s, k -> new HashSet<>()).add(f));
        }
        for (Schema s : schemas) {
            assertThat(kindsSeen.getOrDefault(s, Set.of())).as("kinds of '%s' the agent produced", s.heading())
                    .containsExactlyInAnyOrderElementsOf(s.kinds());
            assertThat(fieldsSeen.getOrDefault(s, Set.of())).as("members of '%s' the agent produced", s.heading())
                    .containsExactlyInAnyOrderElementsOf(s.fields().keySet());
        }
    }

    private static void check(Schema s, JsonNode body, String text) {
        for (Field f : s.fields().values()) {
            if (f.required()) assertThat(body.has(f.name())).as("required member '%s' (%s) in %s", f.name(), s.heading(), text).isTrue();
        }
        body.fields().forEachRemaining(e -> {
            Field f = s.fields().get(e.getKey());
            if (f == null) fail("member '" + e.getKey() + "' is not documented in PROTOCOL.md '" + s.heading() + "': " + text);
            assertThat(f.types()).as("JSON type of '%s' (%s) in %s", f.name(), s.heading(), text).contains(typeOf(e.getValue()));
        });
    }

    /** The documented type a JSON value has (an integral number is also a {@code number} when only that is listed). */
    private static String typeOf(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isTextual()) return "string";
        if (v.isBoolean()) return "boolean";
        if (v.isIntegralNumber() && v.canConvertToLong()) return "integer";
        if (v.isNumber()) return Double.isFinite(v.asDouble()) ? "number" : "non-finite number";
        if (v.isArray()) {
            for (JsonNode x : v) if (!x.isTextual()) return "array with a " + x.getNodeType();
            return "string[]";
        }
        if (v.isObject()) {
            for (JsonNode x : v) if (!x.isTextual()) return "object with a " + x.getNodeType() + " member";
            return "object";
        }
        return v.getNodeType().toString();
    }

    /** The subsections of section 14 and their field tables. */
    static List<Schema> schemas(String md) {
        int from = md.indexOf("\n## 14. ");
        assertThat(from).as("PROTOCOL.md has a section '## 14.'").isPositive();
        int to = md.indexOf("\n## ", from + 1);
        String sec = md.substring(from, to < 0 ? md.length() : to);
        List<Schema> out = new ArrayList<>();
        String[] parts = sec.split("\n### ");
        for (int i = 1; i < parts.length; i++) {
            String heading = parts[i].lines().findFirst().orElse("");
            Matcher h = HEADING.matcher(heading);
            assertThat(h.find()).as("heading '%s' reads 'Stream `name`: type|kind `a` `b`'", heading).isTrue();
            Set<String> kinds = new LinkedHashSet<>();
            Matcher k = TICKED.matcher(h.group(2));
            while (k.find()) kinds.add(k.group(1));
            Map<String, Field> fields = new LinkedHashMap<>();
            for (String line : parts[i].lines().toList()) {
                if (!line.startsWith("| `")) continue;
                String[] cells = line.split("\\|");
                String name = cells[1].trim().replace("`", "");
                Set<String> types = new LinkedHashSet<>();
                Matcher t = TICKED.matcher(cells[2]);
                while (t.find()) types.add(t.group(1));
                assertThat(TYPES).as("types of '%s' in '%s'", name, heading).containsAll(types);
                assertThat(types).as("types of '%s' in '%s'", name, heading).isNotEmpty();
                String presence = cells[3].trim();
                assertThat(presence).as("presence of '%s' in '%s'", name, heading).isIn("required", "optional");
                assertThat(fields.put(name, new Field(name, types, presence.equals("required")))).as("'%s' twice", name).isNull();
            }
            assertThat(fields).as("field table of '%s'", heading).isNotEmpty();
            out.add(new Schema(heading, h.group(1), kinds, fields));
        }
        return out;
    }

    /** Events and summaries of the detector over golden cases (outage, data gap, warning), flushed past a day. */
    private static List<Doc> detectorDocs() throws Exception {
        List<Doc> docs = new ArrayList<>();
        for (String c : List.of("outage-27min", "comm-loss-data-gap", "voc-warning-then-alarm")) {
            DetectionConfig cfg = ConfigLoader.loadDetection(CASES.resolve(c).resolve("config.yaml"));
            Path csv = CASES.resolve(c).resolve("readings.csv");
            List<Reading> readings = new ArrayList<>(ReadingsCsv.parse(csv.toString(), Files.readAllLines(csv)).readings());
            readings.sort(Comparator.comparingLong(Reading::ts));
            String counter = readings.get(0).point(); // one counter point, so that minute/hour deltas are produced
            cfg = new DetectionConfig(cfg.equipment(), cfg.facilities(), cfg.warnings(), cfg.timezone(),
                    new SummaryConfig(true, true, true, Set.of(counter)));
            Detector d = new Detector(cfg);
            long prev = Long.MIN_VALUE;
            for (int i = 0; i < readings.size(); ) {
                long ts = readings.get(i).ts();
                List<Reading> cycle = new ArrayList<>();
                while (i < readings.size() && readings.get(i).ts() == ts) cycle.add(readings.get(i++));
                if (prev != Long.MIN_VALUE) for (long t = prev + 1000; t < ts; t += 1000) add(d.tick(t), docs);
                add(d.onReadings(cycle, ts), docs);
                prev = ts;
            }
            add(d.tick(prev + Duration.ofDays(2).toMillis()), docs); // closes the minute, hour and day windows
        }
        return docs;
    }

    /** As the agent buffers them (Agent.docs). */
    private static void add(Output out, List<Doc> docs) {
        for (Event e : out.events()) docs.add(new Doc(Buffer.EVENTS, e.id(), e.emittedAt(), DetectJson.write(e)));
        for (Summary s : out.summaries()) docs.add(new Doc(Buffer.SUMMARIES, s.kind() + ":" + s.subject(), s.start(), DetectJson.write(s)));
    }

    private static List<Doc> clockStepDocs() {
        long to = T0 + 600_000;
        Doc system = ClockSteps.doc(new ClockService.Step(to - 3_600_000, to, 3_600_000, 42), true);
        Doc set = ClockSteps.doc(new ClockService.Step(to + 5_000, to, -5_000, 43), true, "hj212 platform hj1");
        for (Doc d : List.of(system, set)) {
            assertThat(d.key()).isEqualTo("clock_step-" + to);
            assertThat(d.ts()).isEqualTo(to);
        }
        return List.of(system, set);
    }

    /** A real buffer drops unacknowledged readings past maxAge, then is found empty, then missing. */
    private List<Doc> gapDocs() throws Exception {
        TestClock clock = new TestClock(T0);
        Path f = dir.resolve("b.db");
        BufferSettings s = BufferSettings.defaults().withClock(clock).withMaxAge(Duration.ofHours(1)).withKeepAcked(Duration.ofHours(1));
        List<Doc> docs = new ArrayList<>();
        try (SqliteBuffer b = SqliteBuffer.open(f, s)) {
            for (int i = 0; i < 60; i++) b.appendCycle(BufferTesting.cycle(10, clock.advance(60_000)), List.of(), null);
            b.markAcked(Buffer.READINGS, 100);
            clock.advance(30 * 60_000);
            b.appendCycle(BufferTesting.cycle(10, clock.millis()), List.of(), null);
            docs.addAll(gaps(b));
        }
        Files.write(f, new byte[0]);
        try (SqliteBuffer b = SqliteBuffer.open(f, s)) {
            docs.addAll(gaps(b));
        }
        Files.delete(f);
        try (SqliteBuffer b = SqliteBuffer.open(f, s)) {
            docs.addAll(gaps(b));
        }
        assertThat(docs).extracting(d -> JSON.readTree(d.body()).path("type").asText())
                .containsExactly("buffer_gap", "buffer_recreated", "buffer_recreated");
        return docs;
    }

    private static List<Doc> gaps(Buffer b) throws Exception {
        List<Doc> out = new ArrayList<>();
        for (BufferedRecord r : b.after(Buffer.GAPS, 0, 100)) {
            JsonNode n = JSON.readTree(r.doc().body());
            assertThat(r.doc().ts()).as("record ts = at").isEqualTo(n.path("at").asLong());
            assertThat(r.doc().key()).as("record point").isEqualTo(n.path("type").asText().equals("buffer_gap")
                    ? "gap-readings-" + n.path("fromSeq").asLong() + "-" + n.path("toSeq").asLong()
                    : "buffer-recreated-" + n.path("newEpoch").asLong());
            out.add(r.doc());
        }
        return out;
    }
}
