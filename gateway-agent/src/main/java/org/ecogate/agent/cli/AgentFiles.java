package org.ecogate.agent.cli;

import org.ecogate.agent.config.AgentConfig;
import org.ecogate.agent.runtime.Inspection;
import org.ecogate.agent.runtime.StatusFile;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The {@code --config} option of the commands that look at a (possibly running) agent's files, and where those
 * files are. A picocli mixin: {@code @Mixin AgentFiles agent;}.
 */
final class AgentFiles {
    @Option(names = {"-c", "--config"}, defaultValue = "/etc/ecogate/ecogate.yaml", paramLabel = "FILE",
            description = "agent config, to find the buffer (default: ${DEFAULT-VALUE})")
    Path config;

    /** The loaded config, or null after printing the error (the command then exits {@link Main#INVALID}). */
    AgentConfig load() {
        return Main.loadConfig(config);
    }

    /** The buffer file, or null after printing the error. */
    Path buffer() {
        AgentConfig cfg = load();
        return cfg == null ? null : cfg.source().resolve(cfg.buffer().path());
    }

    /**
     * The site's UTC offset now (detection.timezone), in which times are printed for people; UTC when the config
     * does not load (its error was printed by {@link #buffer()} already).
     */
    java.time.ZoneOffset siteOffset() {
        AgentConfig cfg;
        try {
            cfg = org.ecogate.agent.config.ConfigLoader.load(config);
        } catch (org.ecogate.agent.config.ConfigException e) {
            return java.time.ZoneOffset.UTC;
        }
        return cfg.detection().timezone().getRules().getOffset(java.time.Instant.now());
    }

    /** Whether the agent has written its status file beside {@code buffer}; prints why not. */
    static boolean hasStatus(Path buffer) {
        if (Inspection.hasStatus(buffer)) return true;
        System.err.println("error: no status at " + StatusFile.pathFor(buffer) + ": the agent has not run with this config");
        return false;
    }
}
