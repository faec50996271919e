package org.ecogate.agent.detect;

import org.ecogate.sync.testkit.CliRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 3 golden replay cases: every folder {@code testcases/<name>/} with {@code config.yaml} and
 * {@code readings.csv} runs through {@code ecogate detect --json}; {@code expected.json} is compared
 * semantically, or {@code expected.err} must appear in the error output with exit code 2.
 */
class GoldenReplayTest {
    private static final Path CASES = Path.of("../testcases");
    private static final List<String> FIELDS = List.of("id", "type", "facility", "status", "start", "end",
            "durationSeconds", "equipment", "equipmentStates", "level", "point");
    private static final ObjectMapper JSON = new ObjectMapper();

    // issue 3
    @TestFactory
    Stream<DynamicTest> goldenCases() throws IOException {
        assertThat(CASES).isDirectory();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("config.yaml"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(5);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    static int run(StringWriter out, StringWriter err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "detect";
        System.arraycopy(args, 0, all, 1, args.length);
        CliRun r = CliRun.of(org.ecogate.agent.cli.Main::execute, all);
        out.write(r.out());
        err.write(r.err());
        return r.code();
    }

    private static void check(Path dir) throws IOException {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int rc = run(out, err, "--config", dir.resolve("config.yaml").toString(),
                "--readings", dir.resolve("readings.csv").toString(), "--json");
        Path expectedErr = dir.resolve("expected.err");
        if (Files.exists(expectedErr)) {
            assertThat(rc).as("exit code").isEqualTo(2);
            assertThat(err.toString()).contains(Files.readString(expectedErr).strip());
            return;
        }
        assertThat(rc).as("exit code; stderr: %s", err).isZero();
        JsonNode actual = JSON.readTree(out.toString());
        JsonNode expected = JSON.readTree(Files.readString(dir.resolve("expected.json")));
        assertThat(actual.size()).as("number of events in\n%s", out).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            for (String f : FIELDS) {
                assertThat(actual.get(i).get(f)).as("event %d field %s", i, f).isEqualTo(expected.get(i).get(f));
            }
        }
    }
}
