package org.ecogate.sync;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reconnects of a sender through the link emulator's faults, in rotation: cut connections, accept-then-close,
 * half-open drops (detected by the missing PUBACKs), stalls, broker restarts. Threads, file descriptors and RSS are
 * measured after a warm-up and at the end. 600 rounds by default; {@code -Decogate.reconnects=10000} for the full
 * soak (README "Soaks").
 */
class SyncReconnectLeakIT {
    @Test
    void reconnectsThroughFaultsLeakNoThreadsFdsOrMemory() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); LinkEmulator link = new LinkEmulator(broker.port())) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            SenderConfig cfg = SenderConfig.builder(link.url(), "leak-gw").clientId("leak-gw").streams("readings").batchMaxRecords(20)
                    .window(2).ackTimeout(Duration.ofSeconds(1)).reconnect(Duration.ofMillis(1), Duration.ofMillis(200)).build();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "leak-platform"), sink); SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                tx.start();
                int rounds = Integer.getInteger("ecogate.reconnects", 600);
                long[] base = null;
                for (int i = 0; i < rounds; i++) {
                    long before = tx.stats().reconnects();
                    Await.until("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                    fault(i, rounds, link, broker, src, tx);
                    Await.until("reconnect " + i, Duration.ofSeconds(20), () -> tx.stats().reconnects() > before);
                    link.reapSilent();
                    if (i % 10 == 0) {
                        src.append("p", i);
                        tx.wakeUp();
                    }
                    if (i == 50) base = settled();
                    if (i % 1000 == 999) System.out.printf("round %d: threads/fds/rss %s%n", i, java.util.Arrays.toString(settled()));
                }
                Await.until("sender connected", Duration.ofSeconds(20), () -> tx.stats().connected());
                long last = src.lastSeq();
                Await.until("all acked", Duration.ofSeconds(20), () -> src.acked == last);
                long[] end = settled();
                System.out.printf("reconnects=%d threads %d -> %d, fds %d -> %d, rss %d -> %d MB%n", tx.stats().reconnects(),
                        base[0], end[0], base[1], end[1], base[2] >> 20, end[2] >> 20);
                assertThat(tx.stats().reconnects()).isGreaterThanOrEqualTo(rounds);
                assertThat(end[0]).as("live threads at the end vs after 50 reconnects").isLessThanOrEqualTo(base[0] + 2);
                assertThat(end[1]).as("open fds at the end vs after 50 reconnects").isLessThanOrEqualTo(base[1] + 4);
                assertThat(end[2]).as("RSS at the end vs after 50 reconnects").isLessThan(base[2] + (96L << 20));
                SyncRoundTripIT.assertExactlyOnce(sink.snapshot(), last);
            }
        }
    }

    /** One fault per round, in rotation; each ends the sender's current connection one way or another. */
    private static void fault(int i, int rounds, LinkEmulator link, MosquittoProcess broker, MemorySource src, SyncSender tx)
            throws Exception {
        if (i % 250 == 125) {
            broker.kill();
            broker.restart();
        } else if (i % 100 == 60) { // half-open while a batch is in flight: no PUBACK within the ack timeout
            link.dropSilently();
            src.append("p", -i);
            tx.wakeUp();
        } else if (i % 4 == 1) { // the next attempt meets a peer that accepts and closes
            long accepted = link.accepted();
            link.mode(LinkEmulator.Mode.ACCEPT_THEN_CLOSE);
            link.cutAll();
            Await.until("refused attempt", Duration.ofSeconds(10), () -> link.accepted() > accepted);
            link.mode(LinkEmulator.Mode.FORWARD);
        } else if (i % 4 == 3) {
            link.stall(Duration.ofMillis(30));
            link.cutAll();
        } else {
            link.cutAll();
        }
    }

    /** {threads, open fds, RSS bytes} once cut connections' threads have ended and after a GC. */
    private static long[] settled() throws InterruptedException, IOException {
        Thread.sleep(300);
        System.gc();
        Thread.sleep(100);
        long threads = Thread.getAllStackTraces().keySet().stream().filter(t -> !t.getName().startsWith("link-emu")).count();
        long fds;
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            fds = s.count();
        }
        long rss = 0;
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
        return new long[] {threads, fds, rss};
    }
}
