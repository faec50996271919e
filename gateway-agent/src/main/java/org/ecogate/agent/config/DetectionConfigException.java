package org.ecogate.agent.config;

/**
 * A problem in the {@code detection} section of a config. {@link #path()} is relative to that section,
 * e.g. {@code equipment[0].rules.running.above}; the message reads {@code path: problem}.
 */
public final class DetectionConfigException extends Exception {
    private final String path;
    private final String problem;

    public DetectionConfigException(String path, String problem) {
        super((path == null || path.isEmpty() ? "" : path + ": ") + problem);
        this.path = path == null ? "" : path;
        this.problem = problem;
    }

    public String path() { return path; }
    public String problem() { return problem; }
}
