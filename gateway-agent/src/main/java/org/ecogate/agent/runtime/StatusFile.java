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
 * The running agent's {@link AgentStatus}, written beside the buffer ({@code <buffer>.status.json}) atomically (write
 * then rename) by a {@link Writer}, so {@code ecogate status} and the demo can read it from another process.
 * Static methods are stateless and thread-safe. Trap: reading tolerates unknown keys (a newer agent), so add fields,
 * never rename; and the file may be {@code buffer.statusEvery} old while the agent runs ({@link #isLive}).
 */
public final class StatusFile {
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StatusFile() {}

    public static Path pathFor(Path buffer) {
        return AgentStatus.fileFor(buffer);
    }

    /** A status file older than this is from a stopped agent, whatever its pid: the longest statusEvery, and 5 s. */
    static final long MAX_AGE_MS = org.ecogate.agent.config.Settings.BUFFER_STATUS_EVERY.max().toMillis() + AgentStatus.LIVE_MILLIS;

    /**
     * Whether the agent that wrote {@code st} was running at {@code nowMs}: written in the last 5 s, or its process
     * (on this box) is alive and the file is younger than the longest {@code buffer.statusEvery}.
     */
    public static boolean isLive(AgentStatus st, long nowMs) {
        if (st.isLive(nowMs)) return true;
        return nowMs - st.updated() < MAX_AGE_MS && st.pid() > 0 && st.pid() != ProcessHandle.current().pid()
                && ProcessHandle.of(st.pid()).map(p -> p.isAlive() && p.info().command().orElse("").contains("java")).orElse(false);
    }

    /**
     * Rewrites the file only when it changed: at once (the next status tick) when health, equipment, open events,
     * devices, the uplink's connection, the page or a reload changed; else, as counters move, at most every
     * {@code every} (flash: a rewrite costs a 4 KB page and a journal commit). Not thread-safe: one status thread.
     */
    public static final class Writer {
        private final Path target;
        private final long everyNanos;
        private long lastWrite;
        private String lastKey;

        public Writer(Path target, java.time.Duration every) {
            this.target = target;
            this.everyNanos = every.toNanos();
        }

        /** Writes {@code st} if it is due; returns whether it wrote. */
        public boolean offer(AgentStatus st) throws IOException {
            long now = System.nanoTime();
            String key = significant(st);
            if (key.equals(lastKey) && now - lastWrite < everyNanos) return false;
            write(target, st);
            lastWrite = now;
            lastKey = key;
            return true;
        }

        /** Writes {@code st} now (at stop: the last word). */
        public void writeNow(AgentStatus st) throws IOException {
            write(target, st);
            lastWrite = System.nanoTime();
            lastKey = significant(st);
        }

        private static String significant(AgentStatus st) throws JsonProcessingException {
            ObjectNode n = JSON.createObjectNode();
            n.put("health", st.health());
            n.set("equipment", JSON.valueToTree(st.equipment()));
            n.set("openEvents", JSON.valueToTree(st.openEvents()));
            n.set("devices", JSON.valueToTree(st.devices()));
            n.put("connected", st.uplink() != null && st.uplink().connected());
            n.put("web", st.web());
            n.set("lastReload", JSON.valueToTree(st.lastReload()));
            n.put("clockSteps", st.clockSteps());
            return JSON.writeValueAsString(n);
        }
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
