package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.InspectionException;
import org.ecogate.agent.runtime.RunningAgent;
import org.ecogate.agent.runtime.StatusFile;
import org.ecogate.agent.web.LocalWebClient;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The {@code --config} option of the commands that look at a (possibly running) agent, and where they look: the
 * running agent's own state over its page, else its buffer and last status; a file on disk that is invalid or
 * changed costs one "note:" line on stderr, not the view. A picocli mixin: {@code @Mixin AgentFiles agent;}.
 */
final class AgentFiles {
    @Option(names = {"-c", "--config"}, defaultValue = "/etc/ecogate/ecogate.yaml", paramLabel = "FILE",
            description = "agent config, to find the buffer (default: ${DEFAULT-VALUE})")
    Path config;

    private RunningAgent.Target target;

    /** The loaded config, or null after printing the error (the command then exits {@link Main#INVALID}). */
    AgentConfig load() {
        return Main.loadConfig(config);
    }

    /**
     * Where the agent's files are, also when the file on disk does not load; null after printing the config error
     * when there is nothing to show either (no buffer where the file points).
     */
    RunningAgent.Target target() {
        if (target != null) return target;
        RunningAgent.Target t = RunningAgent.locate(config);
        if (t.config() == null && !Files.exists(t.buffer()) && !RunningAgent.hasStatus(t)) {
            System.err.println("error: " + t.configError());
            return null;
        }
        return target = t;
    }

    /** The buffer file, or null after printing the error. */
    Path buffer() {
        RunningAgent.Target t = target();
        return t == null ? null : t.buffer();
    }

    /** The agent as the views show it, its note printed on stderr; null after printing why there is none. */
    RunningAgent.Seen seen(RunningAgent.Target t) {
        if (!RunningAgent.hasStatus(t)) {
            System.err.println("error: no status at " + StatusFile.pathFor(t.buffer()) + ": the agent has not run with "
                    + (t.config() == null ? "this buffer" : "this config") + (t.configError() == null ? "" : " (" + t.configError() + ")"));
            return null;
        }
        try {
            RunningAgent.Seen s = RunningAgent.look(t, (url, password, path) -> new LocalWebClient(url, password).get(path));
            if (s.note() != null) System.err.println("note: " + s.note());
            return s;
        } catch (InspectionException e) {
            System.err.println("error: " + e.getMessage());
            return null;
        }
    }

    /** For views of the buffer alone (events, buffer stats): prints the note of {@link #seen} when a status exists. */
    void noteOnly(RunningAgent.Target t) {
        if (RunningAgent.hasStatus(t)) seen(t);
        else if (t.configError() != null) System.err.println("note: the file on disk does not load: " + t.configError() + "; showing the buffer " + t.buffer());
    }

    /** The site's zone: the running agent's (its status), else the config's detection.timezone, else UTC. */
    ZoneId siteZone() {
        RunningAgent.Target t = target != null ? target : RunningAgent.locate(config);
        if (t.config() != null) return t.config().detection().timezone();
        try {
            String tz = RunningAgent.hasStatus(t) ? StatusFile.read(t.buffer()).timezone() : null;
            if (tz != null) return ZoneId.of(tz);
        } catch (Exception e) {
            // UTC then
        }
        return ZoneOffset.UTC;
    }

    /** The site's UTC offset now, in which times are printed for people. */
    ZoneOffset siteOffset() {
        return siteZone().getRules().getOffset(Instant.now());
    }
}
