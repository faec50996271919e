package org.ecogate.sync;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How fast the sender recovers: a drain after a crash-skipped counter ends (no stuck empty live lane), and delivery
 * resumes within 2 s of a broker's return or of the receiver's reconnect (resend on reconnect of either side),
 * with the agent's reconnect settings and an ack timeout (5 s) that must not be what ends the wait.
 */
class SenderRecoveryIT {
    private static SenderConfig cfg(String url, String gw) {
        return SenderConfig.builder(url, gw).clientId(gw).streams("events").batchMaxRecords(200).build();
    }

    @Test
    void drainEndsWhenTheCounterRanAheadOfTheRecords() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySource src = new MemorySource();
            long old = System.currentTimeMillis() - 3_600_000;
            for (int i = 0; i < 300; i++) src.append("ev", i, old + i);
            src.counterAhead = 1000; // SIGKILL during a document backlog: the counter skipped ahead
            MemorySink sink = new MemorySink(true);
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "rec-platform"), sink); SyncSender tx = new SyncSender(cfg(broker.url(), "rec-gw"), src)) {
                rx.start();
                tx.start();
                Await.until("backlog acked", Duration.ofSeconds(20), () -> src.acked == 300);
                long t0 = System.nanoTime();
                boolean drained = tx.drain(Duration.ofSeconds(5)); // a SIGTERM now
                long ms = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("drain after a skipped-ahead counter: %s in %d ms%n", drained, ms);
                assertThat(drained).as("drain returned within 5 s").isTrue();
                // a new event afterwards still arrives
                src.append("ev", 1, System.currentTimeMillis());
                tx.wakeUp();
                Await.until("new event stored", Duration.ofSeconds(10), () -> sink.snapshot().size() == 301);
            }
        }
    }

    @Test
    void deliveryResumesWithinTwoSecondsOfTheBrokersReturnAndOfTheReceiversReconnect() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(); LinkEmulator rxLink = new LinkEmulator(broker.port())) {
            MemorySource src = new MemorySource();
            MemorySink sink = new MemorySink();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(rxLink.url(), "rec-platform2"), sink); SyncSender tx = new SyncSender(cfg(broker.url(), "rec-gw2"), src)) {
                rx.start();
                tx.start();
                Thread producer = new Thread(() -> {
                    for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                        src.append("p", i);
                        tx.wakeUp();
                        try {
                            Thread.sleep(50);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                producer.setDaemon(true);
                producer.start();
                try {
                    for (int round = 0; round < 3; round++) {
                        Await.until("flowing", Duration.ofSeconds(20), () -> sink.snapshot().size() > 20);
                        broker.kill();
                        Thread.sleep(3000);
                        broker.restart();
                        long t0 = System.nanoTime();
                        long target = src.lastSeq();
                        Await.until("records up to the broker's return stored", Duration.ofSeconds(10), () -> stored(sink) >= target);
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        System.out.printf("broker back: delivery resumed after %d ms%n", ms);
                        assertThat(ms).as("resume after the broker's return").isLessThan(2000);
                    }
                    // the receiver alone loses its connection: what the gateway published meanwhile is resent on its return
                    for (int round = 0; round < 2; round++) {
                        rxLink.mode(LinkEmulator.Mode.ACCEPT_THEN_CLOSE);
                        rxLink.cutAll();
                        Thread.sleep(1500);
                        rxLink.mode(LinkEmulator.Mode.FORWARD);
                        long t0 = System.nanoTime();
                        long target = src.lastSeq();
                        Await.until("records up to the receiver's return stored", Duration.ofSeconds(10), () -> stored(sink) >= target);
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        System.out.printf("receiver back: delivery resumed after %d ms%n", ms);
                        assertThat(ms).as("resume after the receiver's return").isLessThan(2000);
                    }
                } finally {
                    producer.interrupt();
                }
                long last = src.lastSeq();
                Await.until("all acked", Duration.ofSeconds(20), () -> src.acked >= last);
                SyncRoundTripIT.assertExactlyOnce(sink.snapshot().stream().filter(r -> r.seq() <= last).toList(), last);
            }
        }
    }

    /** The highest seq such that every record up to it is stored. */
    private static long stored(MemorySink sink) {
        long n = 0;
        java.util.BitSet seen = new java.util.BitSet();
        for (SyncRecord r : sink.snapshot()) seen.set((int) r.seq());
        while (seen.get((int) n + 1)) n++;
        return n;
    }
}
