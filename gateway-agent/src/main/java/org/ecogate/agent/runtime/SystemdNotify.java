package org.ecogate.agent.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * sd_notify for a service of {@code Type=notify}: READY=1, WATCHDOG=1, STATUS=, STOPPING=1 to $NOTIFY_SOCKET.
 * Java has no AF_UNIX datagram sockets, so one {@code socat} child (alive as long as the agent, hence inside the
 * service's cgroup: {@code NotifyAccess=all} attributes it without the race a short-lived systemd-notify has)
 * sends one datagram per message. Thread-safe. Trap: without $NOTIFY_SOCKET every call is a no-op.
 */
public final class SystemdNotify implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SystemdNotify.class);
    private final Process socat;
    private final OutputStream out;
    private final long watchdogMicros;

    private SystemdNotify(Process socat, long watchdogMicros) {
        this.socat = socat;
        this.out = socat == null ? null : socat.getOutputStream();
        this.watchdogMicros = watchdogMicros;
    }

    /** From the environment systemd gives a service ($NOTIFY_SOCKET, $WATCHDOG_USEC); a no-op outside systemd. */
    public static SystemdNotify fromEnvironment() {
        return to(System.getenv("NOTIFY_SOCKET"), parse(System.getenv("WATCHDOG_USEC")));
    }

    /** Notifications to {@code socket} (a path, or "@name" in the abstract namespace); null: a no-op. */
    public static SystemdNotify to(String socket, long watchdogMicros) {
        if (socket == null || socket.isEmpty()) return new SystemdNotify(null, 0);
        String address = socket.startsWith("@") ? "ABSTRACT-SENDTO:" + socket.substring(1) : "UNIX-SENDTO:" + socket;
        try {
            Process p = new ProcessBuilder("socat", "-u", "STDIN", address)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
            return new SystemdNotify(p, watchdogMicros);
        } catch (IOException e) {
            log.warn("systemd notification disabled (watchdog, readiness): cannot start socat: {}", e.getMessage());
            return new SystemdNotify(null, 0);
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
        return out != null && watchdogMicros > 0;
    }

    public long watchdogMicros() {
        return watchdogMicros;
    }

    /** Sends newline-separated assignments, e.g. "READY=1\nSTATUS=polling 4 devices", as one datagram. */
    public synchronized void send(String assignments) {
        if (out == null || !socat.isAlive()) return;
        try {
            out.write((assignments + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            log.warn("systemd notification not sent ({}): {}", assignments.replace('\n', ' '), e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (socat == null) return;
        try {
            out.close(); // socat sends what it has, sees EOF and exits
            if (!socat.waitFor(2, TimeUnit.SECONDS)) socat.destroy();
        } catch (IOException | InterruptedException e) {
            socat.destroy();
        }
    }
}
