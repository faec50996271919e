package org.ecogate.agent.config;

/**
 * A configuration error that names the file, the line and the field. Its message reads
 * {@code file:line: path: problem}, e.g. {@code plant.yaml:14: devices[1].port: must be 1..65535}.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final String field;
    private final String problem;

    public ConfigException(String file, int line, String field, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    public String file() { return file; }
    public int line() { return line; }
    public String field() { return field; }
    public String problem() { return problem; }
}
