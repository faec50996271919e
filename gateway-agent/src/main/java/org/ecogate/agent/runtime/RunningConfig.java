package org.ecogate.agent.runtime;

import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The config a running agent loaded versus the file on disk now: its SHA-256 when loaded (recorded in the status)
 * and, when the file differs, the one line every view prints ("the file on disk differs from the running config:
 * ...; showing the running agent"). Stateless except a one-entry cache of the last verdict; thread-safe. Trap: the
 * verdict loads the changed file once per change (size, mtime, digest), not once per page refresh.
 */
public final class RunningConfig {
    private static volatile Object[] cached = new Object[3]; // key, digest on disk, note

    private RunningConfig() {}

    /** SHA-256 (hex) of {@code file}'s bytes, null when it cannot be read. */
    public static String digest(Path file) {
        if (file == null) return null;
        try {
            return hex(Files.readAllBytes(file));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Null when {@code file} on disk is what the agent runs ({@code runningSha}); else one line: the file's load
     * error (file:line: field: problem) or that it changed and is not applied, followed by {@code what}.
     */
    public static String note(Path file, String runningSha, String what) {
        String problem = difference(file, runningSha);
        return problem == null ? null : "the file on disk differs from the running config: " + problem + "; " + what;
    }

    /**
     * Null when {@code file} on disk is what the agent runs ({@code runningSha}); else how it differs: its load error
     * (file:line: field: problem), or that it changed and is not applied.
     */
    public static String difference(Path file, String runningSha) {
        if (file == null || runningSha == null) return null;
        String key;
        try {
            key = file.toAbsolutePath() + "|" + Files.size(file) + "|" + Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return "it cannot be read now (" + e.getClass().getSimpleName() + ")";
        }
        Object[] c = cached;
        if (key.equals(c[0]) && runningSha.equals(c[1])) return (String) c[2];
        String problem = problem(file, runningSha);
        cached = new Object[] {key, runningSha, problem};
        return problem;
    }

    private static String problem(Path file, String runningSha) {
        String onDisk = digest(file);
        if (runningSha.equals(onDisk)) return null;
        try {
            ConfigLoader.load(file);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        return "changed since the agent loaded it and not applied (systemctl reload ecogate, or SIGHUP)";
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
