package org.ecogate.agent.config;

/**
 * A configuration error that names the file, the line and the field. Its message reads
 * {@code file:line: path: problem}, e.g. {@code plant.yaml:14: devices[1].port: must be 1..65535}.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final int column;
    private final String field;
    private final String problem;

    public ConfigException(String file, int line, String field, String problem) {
        this(file, line, 0, field, problem);
    }

    /** With the column (1-based; 0 = unknown), for syntax errors: {@code plant.yaml:3:1: not valid YAML: ...}. */
    public ConfigException(String file, int line, int column, String field, String problem) {
        super(file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": "
                + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.column = column;
        this.field = field;
        this.problem = problem;
    }

    /** 1-based column of a syntax error, 0 when not known. */
    public int column() { return column; }

    public String file() { return file; }
    public int line() { return line; }
    public String field() { return field; }
    public String problem() { return problem; }
}
