package org.ecogate.sync.testkit;

import java.time.Duration;

/**
 * The one polling wait of the tests: until another process or thread has done something (a record stored, a log line
 * written). Stateless, thread-safe. Trap: never use it to let time pass in a test that owns its clock; move the clock.
 */
public final class Await {
    /** A condition polled every 20 ms; an exception from it fails the wait at once. */
    @FunctionalInterface
    public interface Condition {
        boolean met() throws Exception;
    }

    private Await() {}

    /** Polls {@code condition} until it holds; fails with "timed out after MAX waiting for WHAT" when it does not. */
    public static void until(String what, Duration max, Condition condition) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!met(what, condition)) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + max.toMillis() + " ms waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static boolean met(String what, Condition condition) throws InterruptedException {
        try {
            return condition.met();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError("waiting for " + what + ": " + e, e);
        }
    }
}
