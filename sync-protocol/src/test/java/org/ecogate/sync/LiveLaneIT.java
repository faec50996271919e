package org.ecogate.sync;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live data before backlog through a real mosquitto: a gateway comes back with a backlog of old readings while it
 * keeps producing; new readings reach the platform within a second or two although the backlog takes far longer,
 * a broker kill in the middle changes nothing, and at the end every record is stored exactly once. The same run
 * against a platform whose sink keeps no live range shows the in-order fallback (and what it costs).
 */
class LiveLaneIT {
    static final int BACKLOG = 60_000;

    record Run(long backlogDoneMs, long liveStoredBeforeBacklogDone, long maxLiveLatencyMs, long liveRecords) {}

    private Run drain(boolean platformKeepsLiveRange) throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            MemorySource src = new MemorySource();
            long old = System.currentTimeMillis() - 3_600_000;
            for (int i = 0; i < BACKLOG; i++) src.append("p" + (i % 100), i * 0.5, old + i * 10L);
            MemorySink sink = new MemorySink(platformKeepsLiveRange);
            sink.delayMs = 3; // a platform store that needs a few ms per commit
            sink.delayMicrosPerRecord = 100; // and 0.1 ms per record: the drain takes seconds
            SenderConfig cfg = SenderConfig.builder(broker.url(), "lane-gw").clientId("lane-gw").epoch(5).streams("readings")
                    .batchMaxRecords(200).window(2).ackTimeout(Duration.ofSeconds(2))
                    .reconnect(Duration.ofMillis(50), Duration.ofMillis(500)).build();
            Map<Long, Long> appendedNanos = new HashMap<>();
            long t0 = System.nanoTime();
            long steadyFrom = Long.MAX_VALUE;
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.plain(broker.url(), "lane-platform"), sink); SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                tx.start();
                int i = 0;
                // produce live readings (one per 20 ms) until the backlog is through, with a broker kill on the way
                while (src.acked < BACKLOG && System.nanoTime() - t0 < 120_000_000_000L) {
                    long seq = src.append("live" + (i % 10), i, System.currentTimeMillis());
                    appendedNanos.put(seq, System.nanoTime());
                    tx.wakeUp();
                    i++;
                    if (i == 60) broker.kill();
                    if (i == 80) {
                        broker.restart();
                        steadyFrom = System.nanoTime() + 3_000_000_000L;
                    }
                    Thread.sleep(20);
                }
                long last = src.lastSeq();
                Await.until("all acked", Duration.ofSeconds(60), () -> src.acked == last);
                assertThat(tx.drain(Duration.ofSeconds(5))).isTrue();
                List<SyncRecord> stored = sink.snapshot();
                SyncRoundTripIT.assertExactlyOnce(stored, last);
                long backlogDone = 0, liveBefore = 0, maxLatency = 0;
                List<Long> nanos;
                List<Boolean> lane;
                synchronized (sink) {
                    nanos = new ArrayList<>(sink.storedNanos);
                    lane = new ArrayList<>(sink.onLane);
                }
                long lastLane = 0, lastMark = 0;
                for (int k = 0; k < stored.size(); k++) {
                    long seq = stored.get(k).seq();
                    if (seq == BACKLOG) backlogDone = nanos.get(k);
                    // per path, records reach the sink in ascending order
                    if (lane.get(k)) {
                        assertThat(seq).as("lane order").isGreaterThan(lastLane);
                        lastLane = seq;
                    } else {
                        assertThat(seq).as("watermark order").isGreaterThan(lastMark);
                        lastMark = seq;
                    }
                }
                if (!platformKeepsLiveRange) {
                    assertThat(stored).extracting(SyncRecord::seq).as("in-order platform").isSorted();
                    assertThat(lane).doesNotContain(true);
                }
                for (int k = 0; k < stored.size(); k++) {
                    long seq = stored.get(k).seq();
                    Long at = appendedNanos.get(seq);
                    if (at == null) continue;
                    if (nanos.get(k) < backlogDone) liveBefore++;
                    // latency of live readings produced while the backlog was draining in steady state: from 3 s
                    // after the broker's return (the outage and the resends after it are not steady state)
                    if (at < backlogDone && at - steadyFrom > 0) {
                        maxLatency = Math.max(maxLatency, (nanos.get(k) - at) / 1_000_000);
                    }
                }
                assertThat(rx.stats().recordsStored()).isEqualTo(last);
                Run r = new Run((backlogDone - t0) / 1_000_000, liveBefore, maxLatency, appendedNanos.size());
                System.out.printf("live lane %s: backlog of %,d drained in %,d ms; %,d of %,d live readings stored before it; "
                                + "max live latency during the drain %,d ms%n", platformKeepsLiveRange ? "on " : "off",
                        BACKLOG, r.backlogDoneMs(), r.liveStoredBeforeBacklogDone(), r.liveRecords(), r.maxLiveLatencyMs());
                return r;
            }
        }
    }

    @Test
    void liveReadingsOvertakeABacklogAndEverythingArrivesExactlyOnce() throws Exception {
        Run r = drain(true);
        assertThat(r.backlogDoneMs()).as("the backlog takes a while (else this test proves nothing)").isGreaterThan(3000);
        assertThat(r.liveStoredBeforeBacklogDone()).as("live readings stored while the backlog drained").isGreaterThan(50);
        assertThat(r.maxLiveLatencyMs()).as("live latency while draining").isLessThan(2000);
    }

    @Test
    void aPlatformThatStoresInOrderOnlyGetsEverythingInOrder() throws Exception {
        Run r = drain(false);
        assertThat(r.liveStoredBeforeBacklogDone()).as("nothing overtakes the backlog").isZero();
    }
}
