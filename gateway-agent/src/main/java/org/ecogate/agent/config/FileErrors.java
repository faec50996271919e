package org.ecogate.agent.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Why a file could not be read, said once and as a person would: "no such file", "permission denied", "is a
 * directory", "not a UTF-8 text file". Stateless. Trap: NIO's exceptions carry the path as their message, so
 * printing {@code e.getMessage()} after the path says the path twice and no reason.
 */
public final class FileErrors {
    private FileErrors() {}

    /** The reason only (the caller names the file). */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException || e instanceof NotDirectoryException) return "no such file";
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof CharacterCodingException) return "not a UTF-8 text file (a binary or another encoding: save it as UTF-8 text)";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason().toLowerCase(java.util.Locale.ROOT);
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        if (m.contains("Is a directory")) return "is a directory";
        return m;
    }
}
