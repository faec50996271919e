package org.ecogate.agent.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agentstatus.AgentStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The running agent's {@link AgentStatus}, written beside the buffer ({@code <buffer>.status.json}) once a second,
 * atomically (write then rename), so {@code ecogate status} and the demo can read it from another process.
 * Stateless, thread-safe. Trap: reading tolerates unknown keys (a newer agent), so add fields, never rename.
 */
public final class StatusFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusFile() {}

    public static Path pathFor(Path buffer) {
        return AgentStatus.fileFor(buffer);
    }

    static void write(Path target, AgentStatus status) throws IOException {
        Path tmp = Path.of(target + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), status);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The status the agent last wrote beside {@code buffer}. */
    public static AgentStatus read(Path buffer) throws IOException {
        return JSON.readValue(pathFor(buffer).toFile(), AgentStatus.class);
    }

    /** The status as a JSON tree in file order (for {@code --json} outputs that add keys). */
    public static ObjectNode tree(AgentStatus status) {
        return JSON.valueToTree(status);
    }

    /** A status given as a JSON tree (tests, tools), read like the file; IllegalArgumentException if it is not one. */
    public static AgentStatus fromTree(JsonNode tree) {
        try {
            return JSON.treeToValue(tree, AgentStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not an agent status: " + e.getOriginalMessage(), e);
        }
    }
}
