package org.ecogate.agent.runtime.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A log file rotated by size: past {@code maxBytes} it becomes {@code name.1} (older ones shift up to
 * {@code name.<keep>}, the oldest is deleted) and a new file starts. Not thread-safe (callers lock).
 * Trap: a write that fails (disk full) is dropped with one note on stderr, never thrown into the agent.
 */
final class RotatingFile implements AutoCloseable {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private boolean failing;

    RotatingFile(Path path, long maxBytes, int keep) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Path parent = path.getParent();
        if (parent != null) Files.createDirectories(parent);
        open();
    }

    Path path() { return path; }
    long maxBytes() { return maxBytes; }
    int keep() { return keep; }

    private void open() throws IOException {
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(path);
    }

    void println(String line) {
        byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            if (size > 0 && size + b.length > maxBytes) rotate();
            out.write(b);
            out.flush();
            size += b.length;
            failing = false;
        } catch (IOException e) {
            if (!failing) System.err.println("log file " + path + ": line not written: " + e.getMessage());
            failing = true;
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(Path.of(path + "." + keep));
        for (int i = keep - 1; i >= 1; i--) {
            Path from = Path.of(path + "." + i);
            if (Files.exists(from)) Files.move(from, Path.of(path + "." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
        }
        if (keep > 0) Files.move(path, Path.of(path + ".1"), StandardCopyOption.REPLACE_EXISTING);
        else Files.delete(path);
        open();
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
