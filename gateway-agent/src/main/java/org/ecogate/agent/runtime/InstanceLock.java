package org.ecogate.agent.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One agent per buffer: an exclusive OS lock on {@code <buffer>.lock}, which holds the owner's pid. The OS drops
 * the lock when the process dies (SIGKILL, power cut), so a stale file never blocks a restart. Not thread-safe;
 * acquire once per agent. Trap: never delete the lock file on close (a starter could lock the unlinked inode).
 */
public final class InstanceLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Another process holds the lock; the message names the buffer, the holder's pid and the lock file. */
    public static final class HeldException extends Exception {
        private static final long serialVersionUID = 1L;

        HeldException(String message) {
            super(message);
        }
    }

    public static Path lockFile(Path buffer) {
        return buffer.resolveSibling(buffer.getFileName() + ".lock");
    }

    /** Locks {@code buffer}'s lock file and writes this process's pid into it. */
    public static InstanceLock acquire(Path buffer) throws HeldException, IOException {
        Path file = lockFile(buffer);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
            throw new HeldException("buffer " + buffer + " is in use by another agent (pid "
                    + (pid.isEmpty() ? "unknown" : pid) + ", lock " + file + "); stop that agent or give this one another buffer.path");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException fullDisk) {
            // the lock holds without the pid (a full disk must not stop the agent: it holds cycles in memory)
        }
        return new InstanceLock(ch, l);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // the OS releases the lock with the process anyway
        }
    }
}
