package org.ecogate.agent.runtime;

/** A bad row in a readings CSV; the message reads {@code file:line: problem}. */
public final class ReplayInputException extends Exception {
    private final String file;
    private final int line;

    public ReplayInputException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() { return file; }
    public int line() { return line; }
}
