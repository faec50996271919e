package org.ecogate.agent.config;

/** Where the SQLite buffer lives. {@code path} relative to the config file's directory. */
public record BufferConfig(String path) {
}
