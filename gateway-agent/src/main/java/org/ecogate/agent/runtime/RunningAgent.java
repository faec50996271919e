package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.Settings;
import org.ecogate.agentstatus.AgentStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the read-only views find an agent and what they show: the buffer and page password from the config file
 * (leniently when the file on disk is invalid: a typo must not blind them), then the running agent's own status over
 * its local page, or its last status and buffer when it is not running (its process gone, or stopped cleanly).
 * Stateless, thread-safe. Trap: "running" is the process, never the status file's age (it is written on change).
 */
public final class RunningAgent {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    /** Where the agent's files are; {@code config} null and {@code configError} set when the file does not load. */
    public record Target(Path configFile, AgentConfig config, String configError, Path buffer, String password) {}

    /**
     * What a view shows: the status (the live one over the page when the agent runs, else its last), whether it
     * runs, and one line to print before the view, or null (the file on disk differs, the page did not answer...).
     */
    public record Seen(AgentStatus status, boolean running, boolean live, String note) {}

    /** Reads a JSON path of the agent's local page (the web layer's client: runtime does not know web). */
    public interface Page {
        JsonNode get(String baseUrl, String password, String path) throws IOException, InterruptedException;
    }

    private RunningAgent() {}

    /** The agent's files per {@code configFile}; never fails (an unreadable file gives the default buffer path). */
    public static Target locate(Path configFile) {
        try {
            AgentConfig cfg = ConfigLoader.load(configFile);
            return new Target(configFile, cfg, null, cfg.source().resolve(cfg.buffer().path()), cfg.web().password());
        } catch (ConfigException e) {
            Path dir = configFile.toAbsolutePath().getParent();
            JsonNode root = null;
            try {
                root = YAML.readTree(Files.readString(configFile, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException unreadable) {
                // the buffer is then where it is by default; the error is in configError
            }
            String path = Settings.BUFFER_PATH.defaultValue();
            String password = null;
            if (root != null && root.isObject()) {
                path = root.path("buffer").path("path").asText(path);
                JsonNode web = root.path("web");
                if (web.hasNonNull("password")) password = env(web.path("password").asText());
                else if (web.hasNonNull("passwordFile")) password = firstLine(dir.resolve(env(web.path("passwordFile").asText())));
            }
            return new Target(configFile, null, e.getMessage(), dir.resolve(path), password);
        }
    }

    /** Whether the agent has written a status beside the buffer. */
    public static boolean hasStatus(Target t) {
        return Inspection.hasStatus(t.buffer());
    }

    /** The agent as the views see it now; InspectionException when it never wrote a status. */
    public static Seen look(Target t, Page page) throws InspectionException {
        AgentStatus st = Inspection.status(t.buffer());
        boolean running = !AgentStatus.STOPPED.equals(st.state())
                && ProcessHandle.of(st.pid()).map(ProcessHandle::isAlive).orElse(false);
        if (!running) {
            String note = t.configError() == null ? null
                    : "the file on disk does not load: " + t.configError() + "; showing the agent's buffer and last status";
            return new Seen(st, false, false, note);
        }
        String trouble = null;
        boolean live = false;
        if (AgentStatus.STOPPING.equals(st.state())) {
            trouble = "the agent is stopping (it drains its backlog, at most uplink.drainOnStop, then exits); showing its last status";
        } else if (st.web() != null) {
            try {
                st = StatusFile.fromTree(page.get(st.web(), t.password(), "api/status"));
                live = true;
            } catch (IOException | RuntimeException e) {
                trouble = "the agent's page " + st.web() + " did not answer (" + e.getMessage() + "); showing its last status file";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                trouble = "interrupted";
            }
        }
        String drift = st.configFile() == null ? null : RunningConfig.note(t.configFile(), st.configSha256(), "showing the running agent");
        String note = drift != null && trouble != null ? drift + "; " + trouble : drift != null ? drift : trouble;
        return new Seen(st, true, live, note);
    }

    /** Latest value of every point in the buffer (the last {@code maxRows} readings), for a stopped agent. */
    public static List<Inspection.Latest> lastValues(Target t, int maxRows) throws InspectionException {
        return Inspection.latest(t.buffer(), maxRows);
    }

    private static String env(String s) {
        Matcher m = VAR.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(System.getenv().getOrDefault(m.group(1), "")));
        return m.appendTail(sb).toString();
    }

    private static String firstLine(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return lines.isEmpty() ? null : lines.get(0).strip();
        } catch (IOException e) {
            return null;
        }
    }
}
