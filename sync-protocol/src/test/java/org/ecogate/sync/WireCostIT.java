package org.ecogate.sync;

import org.ecogate.sync.testkit.Await;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the sync costs a plant's metered 4G link (issue 21): every byte of the gateway's whole connection, both ways
 * (MQTT connect and subscriptions, batches, acks, status, keep-alives, disconnect), counted by the link emulator, per
 * reading the platform stored, for the example plant: 14 points at 1 s, their minute summaries, an event. Fails when
 * the figure regresses by more than 20 % over {@link #MEASURED}. Runs in real time: {@code -Dwire.seconds=N} (default 60).
 */
class WireCostIT {
    /** Bytes per stored reading, whole connection both ways, of the default 60 s run (docs/PERFORMANCE.md "Wire"). */
    static final double MEASURED = 6.56;
    static final double GOAL = 6.0;
    private static final String[] STREAMS = {"events", "gaps", "summaries", "readings"};

    @Test
    void wholeConnectionCostsAFewBytesPerStoredReading() throws Exception {
        int seconds = Integer.getInteger("wire.seconds", 60);
        PlantSource src = new PlantSource();
        MemorySink sink = new MemorySink(true);
        long up, down;
        try (MosquittoProcess broker = MosquittoProcess.start();
             LinkEmulator link = new LinkEmulator(broker.port()).roundTrip(Duration.ofMillis(100))) {
            SenderConfig cfg = SenderConfig.builder(link.url(), "plant-gw").epoch(1).streams(STREAMS).key(Data.KEY)
                    .latency(Duration.ofSeconds(3), List.of("readings")).build();
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "platform", Map.of("plant-gw", Data.KEY)), sink)) {
                rx.start();
                Await.until("receiver connected", Duration.ofSeconds(5), rx::connected);
                try (SyncSender tx = new SyncSender(cfg, src)) {
                    tx.start();
                    long t0 = System.nanoTime();
                    for (int c = 0; c < seconds; c++) {
                        long due = t0 + c * 1_000_000_000L; // the plant's poll cycle: real time, as the link sees it
                        long wait = (due - System.nanoTime()) / 1_000_000;
                        if (wait > 0) Thread.sleep(wait);
                        src.cycle(c);
                        tx.wakeUp();
                    }
                    assertThat(tx.drain(Duration.ofSeconds(30))).as("everything acknowledged").isTrue();
                }
                up = link.upBytes();
                down = link.downBytes();
            }
        }
        List<Long> stored = sink.seqs(new StreamKey("plant-gw", 1, "readings"));
        assertThat(stored).as("every reading stored").hasSize(seconds * PlantSource.POINTS);
        assertThat(new HashSet<>(stored)).as("exactly once").hasSize(stored.size());
        assertThat(sink.seqs(new StreamKey("plant-gw", 1, "summaries"))).hasSize(src.lastSeq("summaries") > 0 ? (int) src.lastSeq("summaries") : 0);
        double perReading = (double) (up + down) / stored.size();
        System.out.printf("wire: %d s of the example plant: %d readings stored, %d B up + %d B down = %.2f B per stored "
                        + "reading (goal <= %.0f, regression bound %.2f)%n", seconds, stored.size(), up, down, perReading, GOAL,
                MEASURED * 1.2);
        assertThat(perReading).as("whole-connection bytes per stored reading").isLessThanOrEqualTo(MEASURED * 1.2);
    }

    /**
     * The example plant's buffer, in memory: 14 points polled each second, a minute summary document per point, an
     * event when the plant starts. Sender thread reads, test thread appends: synchronized.
     */
    static final class PlantSource implements SenderSource {
        static final String[] POINTS_NAMES = {"fan1.freq", "fan1.current", "fan1.run", "cond1.current", "cond1.outlet_temp",
                "cond1.run", "esp1.kv", "esp1.ma", "esp1.spark_rate", "esp1.run", "line1.kw", "line1.kwh", "line1.run", "stack.dust"};
        static final int POINTS = POINTS_NAMES.length;
        private static final double[] LEVEL = {49, 86, 1, 32, 10, 1, 60, 500, 15, 1, 400, 123_456.7, 1, 8.5};
        private static final double[] NOISE = {0.03, 0.4, 0, 0.25, 0.05, 0, 0.3, 6, 2, 0, 3, 0, 0, 0.4};
        private final Map<String, List<SyncRecord>> records = new ConcurrentHashMap<>();
        private final Map<String, Long> acked = new ConcurrentHashMap<>();
        private final Random random = new Random(21);
        private final double[][] minute = new double[POINTS][60];
        private double kwh = LEVEL[11];

        synchronized void cycle(int c) {
            long ts = System.currentTimeMillis() / 1000 * 1000;
            if (c == 0) add("events", "plant", ts, null, "{\"type\":\"agent_start\",\"detail\":\"example plant\"}");
            for (int k = 0; k < POINTS; k++) {
                double v = k == 11 ? (kwh += random.nextInt(3) / 10.0) : (double) (float) (LEVEL[k] * (1 + 0.02 * Math.sin(c / 300.0 + k))
                        + random.nextGaussian() * NOISE[k]);
                if (NOISE[k] == 0 && k != 11) v = 1;
                if (k == 8) v = Math.round(v);
                v = Math.round(v * 1000) / 1000.0;
                add("readings", POINTS_NAMES[k], ts, v, null);
                minute[k][c % 60] = v;
            }
            if (c % 60 == 59) {
                for (int k = 0; k < POINTS; k++) {
                    double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
                    for (double v : minute[k]) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                        sum += v;
                    }
                    add("summaries", POINTS_NAMES[k], ts, sum / 60, String.format(java.util.Locale.ROOT,
                            "{\"kind\":\"minute\",\"start\":%d,\"n\":60,\"min\":%s,\"max\":%s,\"avg\":%.4f}", ts - 59_000, min, max, sum / 60));
                }
            }
        }

        private void add(String stream, String point, long ts, Double value, String body) {
            List<SyncRecord> l = records.computeIfAbsent(stream, s -> new ArrayList<>());
            l.add(new SyncRecord(l.size() + 1, point, ts, value, "good", body));
        }

        @Override
        public synchronized long ackedThrough(String stream) {
            return acked.getOrDefault(stream, 0L);
        }

        @Override
        public synchronized List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) {
            List<SyncRecord> l = records.getOrDefault(stream, List.of());
            int from = (int) Math.min(afterSeq, l.size());
            return new ArrayList<>(l.subList(from, Math.min(l.size(), from + max)));
        }

        @Override
        public synchronized void acked(String stream, long epoch, long through) {
            acked.merge(stream, through, Math::max);
        }

        @Override
        public synchronized long lastSeq(String stream) {
            return records.getOrDefault(stream, List.of()).size();
        }

        @Override
        public synchronized GatewayStatus.StreamStatus streamStatus(String stream) {
            long last = lastSeq(stream), a = ackedThrough(stream);
            List<SyncRecord> l = records.getOrDefault(stream, List.of());
            return new GatewayStatus.StreamStatus(stream, a, last, last - a, a < last ? l.get((int) a).ts() : 0);
        }
    }
}
