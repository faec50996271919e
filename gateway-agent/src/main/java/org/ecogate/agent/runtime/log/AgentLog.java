package org.ecogate.agent.runtime.log;

import org.slf4j.event.Level;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's log backend (SLF4J provider {@link AgentLogProvider}): one line per event to stderr — with a syslog
 * priority prefix ({@code <4>}) and no timestamp when stderr is the journal ($JOURNAL_STREAM), so journald keeps
 * priorities — and optionally to a size-rotated file. The level can change while running (SIGHUP). Thread-safe.
 * Trap: configure it before the agent starts; lines logged earlier went to stderr at the default level (info).
 */
public final class AgentLog {
    /** Libraries whose chatter is not the agent's business (they are still heard at these levels). */
    private static final Map<String, Integer> FIXED = Map.of("org.eclipse.californium", 30, "com.ghgande.j2mod", 100);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    /** Until configured: -Decogate.log.level, or slf4j-simple's property that benchmarks and scripts already pass. */
    private static volatile int threshold = initial();
    private static volatile boolean journal = System.getenv("JOURNAL_STREAM") != null;
    /** null: System.err as it is at each write (tests and tools swap it). */
    private static volatile PrintStream err;
    private static RotatingFile file;

    private AgentLog() {}

    private static int initial() {
        Level l = parseLevel(System.getProperty("ecogate.log.level", System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")));
        return "off".equalsIgnoreCase(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel")) ? 100 : l == null ? Level.INFO.toInt() : l.toInt();
    }

    /** Parses error, warn, info, debug, trace (any case); null when unknown. */
    public static Level parseLevel(String s) {
        if (s == null) return null;
        try {
            return Level.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Applies the config's {@code log:} section (at start and on reload). */
    public static void configure(org.ecogate.agent.config.LogConfig c) throws IOException {
        configure(parseLevel(c.level()), c.file() == null ? null : Path.of(c.file()), c.maxFileSize(), c.keep());
    }

    /** Sets the level of the agent's own lines and the optional rotated file ({@code file} null: none). */
    public static synchronized void configure(Level level, Path logFile, long maxFileBytes, int keep) throws IOException {
        threshold = level.toInt();
        boolean same = file != null && logFile != null && file.path().equals(logFile.toAbsolutePath())
                && file.maxBytes() == maxFileBytes && file.keep() == keep;
        if (same) return;
        if (file != null) file.close();
        file = logFile == null ? null : new RotatingFile(logFile.toAbsolutePath(), maxFileBytes, keep);
    }

    /** For tests: where stderr lines go, and whether they are written for the journal. */
    static synchronized void output(PrintStream stream, boolean forJournal) {
        err = stream;
        journal = forJournal;
    }

    static int fixedThreshold(String logger) {
        for (Map.Entry<String, Integer> e : FIXED.entrySet()) if (logger.startsWith(e.getKey())) return e.getValue();
        return -1;
    }

    static boolean enabled(int fixed, Level level) {
        return level.toInt() >= (fixed >= 0 ? fixed : threshold);
    }

    static void write(String shortName, Level level, String message, Throwable t) {
        String trace = "";
        if (t != null) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            trace = System.lineSeparator() + sw.toString().stripTrailing();
        }
        String line = level.name() + " " + shortName + " - " + message + trace;
        String stamped = TIME.format(ZonedDateTime.now()) + " " + line;
        synchronized (AgentLog.class) {
            (err != null ? err : System.err).println(journal ? "<" + priority(level) + ">" + line.replace("\n", "\n<" + priority(level) + ">") : stamped);
            if (file != null) file.println(stamped);
        }
    }

    private static int priority(Level level) {
        return switch (level) {
            case ERROR -> 3;
            case WARN -> 4;
            case INFO -> 6;
            default -> 7;
        };
    }
}
