package org.ecogate.agent.runtime;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An uplink's thread that dies of an Error ends the agent with status 1 (systemd restarts it); other threads do not. */
class UplinkWatchTest {
    private static Thread dying(String name, Throwable t, UplinkWatch watch) {
        Thread th = new Thread(() -> {
            if (t instanceof Error e) throw e;
            throw (RuntimeException) t;
        }, name);
        th.setUncaughtExceptionHandler(watch);
        return th;
    }

    @Test
    void aWatchedUplinkThreadDyingOfAnErrorExitsWithStatusOne() throws Exception {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        UplinkWatch watch = new UplinkWatch(exit::complete);
        watch.add("sync-sender-g1", "sync");
        Thread t = dying("sync-sender-g1", new ExceptionInInitializerError(new IllegalStateException("no codec")), watch);
        t.start();
        t.join(5_000);
        assertThat(exit.get(5, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void anotherThreadDyingDoesNotExit() throws Exception {
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        UplinkWatch watch = new UplinkWatch(exit::complete);
        watch.add("sync-sender-g1", "sync");
        Thread t = dying("poll-d1", new IllegalStateException("planted: not an uplink"), watch);
        t.start();
        t.join(5_000);
        Thread.sleep(200); // an exit would run on its own thread at once
        assertThat(exit).isNotDone();
    }

    @Test
    void theLineNamesTheUplinkTheThreadAndTheCauseOnOneLine() {
        String line = UplinkWatch.line("sync", new Thread(() -> { }, "sync-sender-g1"),
                new ExceptionInInitializerError(new IllegalStateException("no codec\nsecond line")));
        assertThat(line).startsWith("uplink sync: its thread sync-sender-g1 died of java.lang.ExceptionInInitializerError")
                .contains("caused by java.lang.IllegalStateException: no codec second line").contains("exiting 1").doesNotContain("\n");
    }
}
