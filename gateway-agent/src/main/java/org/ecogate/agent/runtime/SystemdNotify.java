package org.ecogate.agent.runtime;

import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * sd_notify for a service of {@code Type=notify}: READY=1, WATCHDOG=1, STATUS=, STOPPING=1 as datagrams to
 * $NOTIFY_SOCKET, sent from the agent's own process (junixsocket: the JDK has no AF_UNIX datagram sockets), so the unit
 * needs only {@code NotifyAccess=main} and no helper process. Thread-safe. Traps: without $NOTIFY_SOCKET every call is
 * a no-op; junixsocket extracts its native library to java.io.tmpdir like sqlite-jdbc (a noexec temp directory needs
 * {@code -Dorg.newsclub.net.unix.library.tmpdir=}).
 */
public final class SystemdNotify implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);
    private final AFUNIXDatagramChannel socket;
    private final AFUNIXSocketAddress target;
    private final long watchdogMicros;
    private boolean warned;

    private SystemdNotify(AFUNIXDatagramChannel socket, AFUNIXSocketAddress target, long watchdogMicros) {
        this.socket = socket;
        this.target = target;
        this.watchdogMicros = watchdogMicros;
    }

    /** From the environment systemd gives a service ($NOTIFY_SOCKET, $WATCHDOG_USEC); a no-op outside systemd. */
    public static SystemdNotify fromEnvironment() {
        return to(System.getenv("NOTIFY_SOCKET"), parse(System.getenv("WATCHDOG_USEC")));
    }

    /** Notifications to {@code socket} (a path, or "@name" in the abstract namespace); null: a no-op. */
    public static SystemdNotify to(String socket, long watchdogMicros) {
        if (socket == null || socket.isEmpty()) return new SystemdNotify(null, null, 0);
        try {
            AFUNIXSocketAddress target = socket.startsWith("@")
                    ? AFUNIXSocketAddress.inAbstractNamespace(socket.substring(1)) : AFUNIXSocketAddress.of(new File(socket));
            return new SystemdNotify(AFUNIXDatagramChannel.open(), target, watchdogMicros);
        } catch (IOException | RuntimeException | LinkageError e) {
            log.error("systemd notification disabled (readiness, watchdog: systemd will time the service out): {}", e.toString());
            return new SystemdNotify(null, null, 0);
        }
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** True when systemd expects WATCHDOG=1 at least every {@link #watchdogMicros()}. */
    public boolean watchdogEnabled() {
        return socket != null && watchdogMicros > 0;
    }

    public long watchdogMicros() {
        return watchdogMicros;
    }

    /** Sends newline-separated assignments, e.g. "READY=1\nSTATUS=polling 4 devices", as one datagram. */
    public synchronized void send(String assignments) {
        if (socket == null || !socket.isOpen()) return;
        try {
            socket.send(ByteBuffer.wrap(assignments.getBytes(StandardCharsets.UTF_8)), target);
            warned = false;
        } catch (IOException | RuntimeException e) {
            if (!warned) log.warn("systemd notification not sent ({}): {}", assignments.replace('\n', ' '), e.getMessage());
            warned = true; // once per outage, not once a second
        }
    }

    @Override
    public synchronized void close() {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException e) {
            // closing a datagram channel: nothing to flush
        }
    }
}
