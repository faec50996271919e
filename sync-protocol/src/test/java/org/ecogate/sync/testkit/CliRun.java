package org.ecogate.sync.testkit;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/**
 * A command line run in-process with stdout and stderr captured: the one CLI-capture helper of the tests, e.g.
 * {@code CliRun.of(Main::execute, "config", "defaults")} (the real entry point, its exit codes and error handlers).
 * Swaps System.out/err, so runs are serialised (synchronized); trap: the entry point must return its code, not exit.
 */
public record CliRun(int code, String out, String err) {
    public static synchronized CliRun of(ToIntFunction<String[]> main, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = main.applyAsInt(args);
            System.out.flush();
            System.err.flush();
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
