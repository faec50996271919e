package org.ecogate.hj212;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Issue 15 golden frames: every folder {@code testcases/hj212/<name>/} holds {@code frame.txt} (written by
 * generate.py with an independent CRC) and {@code expected.json}, the {@link Frame.Check#describe()} of it.
 * {@code -Dhj212.golden.write=true} rewrites expected.json (review the diff).
 */
class HjGoldenTest {
    private static final Path CASES = Path.of("../testcases/hj212");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    // issue 15
    @TestFactory
    Stream<DynamicTest> goldenFrames() throws IOException {
        List<Path> dirs;
        try (Stream<Path> s = Files.list(CASES)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve("frame.txt"))).sorted().toList();
        }
        assertThat(dirs).hasSizeGreaterThanOrEqualTo(10);
        return dirs.stream().map(d -> DynamicTest.dynamicTest(d.getFileName().toString(), () -> check(d)));
    }

    private static void check(Path dir) throws IOException {
        byte[] frame = Files.readAllBytes(dir.resolve("frame.txt"));
        String actual = JSON.writeValueAsString(Frame.check(frame, CrcVariant.HJ212).describe()) + "\n";
        Path expected = dir.resolve("expected.json");
        if (Boolean.getBoolean("hj212.golden.write")) {
            Files.writeString(expected, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(expected));
    }
}
