package org.ecogate.agent.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Turns SIGTERM and SIGINT into an orderly stop: the returned latch opens, the caller drains and returns exit 0.
 * Without a handler the JVM would run its shutdown hooks and exit with 143 (128 + SIGTERM) even after a clean
 * drain. Thread-safe; install once per process. Trap: {@code sun.misc.Signal} handlers run on a JVM signal thread,
 * so the handler only opens the latch, it never stops the agent itself.
 */
@SuppressWarnings("removal")
public final class StopSignals {
    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    /** Installs handlers for TERM and INT; the latch opens at the first of them. */
    public static CountDownLatch install() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> {
                    if (stop.getCount() > 0) log.info("SIG{} received: stopping", s.getName());
                    stop.countDown();
                });
            } catch (IllegalArgumentException unsupported) {
                log.debug("SIG{} cannot be handled here; the JVM's default applies", name);
            }
        }
        return stop;
    }
}
