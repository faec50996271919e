package org.ecogate.agent.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Notices an uplink's thread dying of an uncaught throwable (an Error such as ExceptionInInitializerError: without it
 * the agent would go on buffering forever with nothing sent), logs one line naming the uplink and the cause and exits
 * with status 1, so that systemd restarts the agent (the unit has {@code Restart=}). Thread-safe. Traps: it works as the
 * JVM's default handler (a thread with a handler of its own is not seen); the exit runs on a thread of its own, because
 * the shutdown hooks join the very thread that is dying here.
 */
final class UplinkWatch implements Thread.UncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(UplinkWatch.class);
    private static final UplinkWatch JVM = new UplinkWatch(System::exit);

    private final Map<String, String> uplinkByThread = new ConcurrentHashMap<>();
    private final IntConsumer exit;

    UplinkWatch(IntConsumer exit) {
        this.exit = exit;
    }

    /** Watches the thread named {@code threadName}, the thread of {@code uplink}, for the rest of the JVM's life or until {@link #unwatch}. */
    static void watch(String threadName, String uplink) {
        JVM.add(threadName, uplink);
        synchronized (UplinkWatch.class) {
            if (Thread.getDefaultUncaughtExceptionHandler() != JVM) Thread.setDefaultUncaughtExceptionHandler(JVM);
        }
    }

    /** At a clean stop: the thread's end is no longer a failure. */
    static void unwatch(String threadName) {
        JVM.uplinkByThread.remove(threadName);
    }

    void add(String threadName, String uplink) {
        uplinkByThread.put(threadName, uplink);
    }

    @Override
    public void uncaughtException(Thread t, Throwable e) {
        String uplink = uplinkByThread.get(t.getName());
        if (uplink == null) { // not an uplink: what the JVM prints without a handler
            System.err.print("Exception in thread \"" + t.getName() + "\" ");
            e.printStackTrace(System.err);
            return;
        }
        log.error(line(uplink, t, e));
        Thread x = new Thread(() -> exit.accept(1), "uplink-died");
        x.start();
    }

    /** The one line logged when an uplink's thread died. */
    static String line(String uplink, Thread t, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String cause = e.toString() + (root == e ? "" : " (caused by " + root + ")");
        return "uplink " + uplink + ": its thread " + t.getName() + " died of " + cause.replace('\n', ' ')
                + ": nothing would be sent any more, exiting 1 (systemd restarts the agent)";
    }
}
