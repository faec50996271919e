package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The running agent's live status, written beside the buffer ({@code <buffer>.status.json}) once a second,
 * atomically (write then rename), so {@code ecogate status} and the demo can read it from another process.
 */
public final class StatusFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusFile() {}

    public static Path pathFor(Path buffer) {
        return Path.of(buffer.toAbsolutePath() + ".status.json");
    }

    static void write(Path target, ObjectNode status) throws IOException {
        Path tmp = Path.of(target + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), status);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static ObjectNode read(Path buffer) throws IOException {
        return (ObjectNode) JSON.readTree(pathFor(buffer).toFile());
    }

    static ObjectNode newNode() {
        return JSON.createObjectNode();
    }
}
