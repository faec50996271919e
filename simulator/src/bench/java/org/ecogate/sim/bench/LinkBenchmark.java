package org.ecogate.sim.bench;

import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.StreamKey;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.Sink;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.internal.codec.CodecV2;
import org.ecogate.sync.internal.codec.SenderDictionary;
import org.ecogate.sync.testkit.LinkEmulator;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The uplink over a real link, figures printed side by side (README "Benchmark" in sync-protocol): (1) drain of a
 * backlog through the link emulator at 300 ms round trip and 1 Mbit/s while live readings keep arriving, against the
 * link-limited rate; the same at 0 ms and unlimited (CPU-bound); Paho at its best publishing the same frames;
 * (2) wire bytes per reading, both directions, live and backlog, on the example plant's real values, beside HJ 212,
 * plain JSON and Sparkplug B. Args: [backlog=500000] [arrivalsPerSecond=2000] [liveSeconds=60].
 */
public final class LinkBenchmark {
    static final byte[] KEY = "bench-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int liveSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        System.out.printf("ecogate link benchmark: example plant values (%d points per cycle), signed, acked%n", new PlantReadings().pointsPerCycle());
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            Drain slow = drain(broker, backlog, rate, Duration.ofMillis(300), 1_000_000);
            Drain fast = drain(broker, backlog, rate, Duration.ZERO, 0);
            double pahoSlow = PahoBaseline.publish(broker, slow.frames, slow.frameReadings, Duration.ofMillis(300), 1_000_000);
            double pahoFast = PahoBaseline.publish(broker, fast.frames, fast.frameReadings, Duration.ZERO, 0);
            Live live = live(broker, liveSeconds, Encoding.COMPACT);
            Live liveV1 = live(broker, liveSeconds, Encoding.COMPACT_V1);
            System.out.printf("%nDRAIN of %,d backlog readings while %,d readings/s arrive%n", backlog, rate);
            print("300 ms RTT, 1 Mbit/s", slow, pahoSlow, 125_000);
            print("0 ms, unlimited     ", fast, pahoFast, 0);
            System.out.printf("%nWIRE BYTES PER READING (TCP payload counted by the emulator; up = gateway->broker, down = broker->gateway)%n");
            System.out.printf("ecogate live, plant at 1 s, latency 3 s: %6.2f up + %5.2f down = %6.2f  (protocol v2, %,d readings in %d s: %s)%n",
                    live.up, live.down, live.up + live.down, live.readings, liveSeconds, live.detail());
            System.out.printf("  the same with protocol v1:              %6.2f up + %5.2f down = %6.2f  (%,d readings in %d s: %s)%n",
                    liveV1.up, liveV1.down, liveV1.up + liveV1.down, liveV1.readings, liveSeconds, liveV1.detail());
            System.out.printf("ecogate backlog (300 ms link drain):     %6.2f up + %5.2f down = %6.2f%n",
                    slow.upPerReading, slow.downPerReading, slow.upPerReading + slow.downPerReading);
            Formats.print(live.sample);
            double livePer = live.up + live.down, backlogPer = slow.upPerReading + slow.downPerReading;
            double linkShare = slow.totalRate / (125_000 / slow.upPerReading);
            System.out.printf("%ngoal: live <= 8 bytes per reading (v2), backlog <= 4, slow-link drain >= 80 %% of the link%n");
            System.out.printf("%s: live %.2f, backlog %.2f bytes per reading, drain %.0f %% of the link%n",
                    livePer <= 8 && backlogPer <= 4 && linkShare >= 0.8 ? "PASS" : "SHORT", livePer, backlogPer, 100 * linkShare);
        }
    }

    record Drain(double seconds, long drained, double backlogRate, double totalRate, double upPerReading,
                 double downPerReading, List<byte[]> frames, long frameReadings, long rttMs, long windowBytes) {}

    record Live(double up, double down, long readings, List<List<SyncRecord>> sample, long batches, long frameBytes) {
        String detail() {
            return String.format("%,d batches of %.1f readings, frame %.0f bytes each", batches, (double) readings / Math.max(1, batches),
                    (double) frameBytes / Math.max(1, batches));
        }
    }

    static void print(String what, Drain d, double pahoRate, long linkBytesPerSecond) {
        String limit = "";
        if (linkBytesPerSecond > 0) {
            double linkRate = linkBytesPerSecond / d.upPerReading;
            limit = String.format("; link-limited %,.0f readings/s -> %.0f %% of the link", linkRate, 100 * d.totalRate / linkRate);
        }
        System.out.printf("%s: backlog drained in %.1f s: %,.0f backlog readings/s, %,.0f readings/s acknowledged in all%s%n",
                what, d.seconds, d.backlogRate, d.totalRate, limit);
        System.out.printf("%s  sender measured round trip %d ms, window %,d bytes; Paho async (TCP_NODELAY, 64 in flight), same frames: %,.0f readings/s%n",
                " ".repeat(what.length()), d.rttMs, d.windowBytes, pahoRate);
    }

    /** A backlog of plant readings drained through the emulator while a producer appends {@code rate} readings/s. */
    static Drain drain(MosquittoProcess broker, int backlog, int rate, Duration rtt, long bits) throws Exception {
        PlantReadings src = new PlantReadings();
        long old = System.currentTimeMillis() - 3_600_000;
        int per = src.pointsPerCycle();
        for (int i = 0; src.lastSeq() < backlog; i++) src.cycle(1.0, old + i * 1000L);
        long backlogLast = src.lastSeq();
        List<byte[]> frames = new ArrayList<>();
        CountingSink sink = new CountingSink(frames);
        try (LinkEmulator link = new LinkEmulator(broker.port()).roundTrip(rtt).bandwidth(bits);
             SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "bench-platform", Map.of("bench-gw", KEY)), sink);
             SyncSender tx = new SyncSender(config(link.url()), src)) {
            rx.start();
            while (!rx.connected()) Thread.sleep(10);
            tx.start();
            while (!tx.stats().connected()) Thread.sleep(10);
            link.resetCounters();
            long t0 = System.nanoTime();
            long cycles = 0;
            while (src.acked < backlogLast) {
                long due = t0 + (long) ((cycles + 1) * per * 1e9 / rate);
                long now = System.nanoTime();
                if (now >= due) {
                    src.cycle(1.0, System.currentTimeMillis());
                    cycles++;
                    tx.wakeUp();
                } else {
                    Thread.sleep(Math.max(1, (due - now) / 1_000_000));
                }
                if (now - t0 > 600_000_000_000L) throw new IllegalStateException("drain did not finish in 10 minutes");
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            long ackedAll = sink.count;
            long up = link.upBytes(), down = link.downBytes();
            return new Drain(secs, backlogLast, backlogLast / secs, ackedAll / secs, (double) up / ackedAll,
                    (double) down / ackedAll, frames, sink.count, tx.stats().rttMillis(), tx.stats().windowBytes());
        }
    }

    /** Steady state: the plant polled every second, the agent's default latency budget (3 s). */
    static Live live(MosquittoProcess broker, int seconds, Encoding encoding) throws Exception {
        PlantReadings src = new PlantReadings();
        List<List<SyncRecord>> sample = new ArrayList<>();
        try (LinkEmulator link = new LinkEmulator(broker.port());
             SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "bench-platform-" + encoding, Map.of("bench-gw", KEY)), new CountingSink(null));
             SyncSender tx = new SyncSender(config(link.url(), encoding, Duration.ofSeconds(3)), src)) {
            rx.start();
            tx.start();
            for (int i = 0; i < 5; i++) { // warm-up: connect, birth, first batches
                src.cycle(1.0, System.currentTimeMillis());
                tx.wakeUp();
                Thread.sleep(1000);
            }
            while (src.acked < src.lastSeq()) Thread.sleep(50);
            link.resetCounters();
            long first = src.lastSeq();
            long b0 = tx.stats().batchesSent(), f0 = tx.stats().bytesSent();
            long t0 = System.nanoTime();
            for (int i = 1; i <= seconds; i++) {
                sample.add(src.cycle(1.0, System.currentTimeMillis()));
                tx.wakeUp();
                long wake = t0 + i * 1_000_000_000L;
                while (System.nanoTime() < wake) Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
            }
            long n = src.lastSeq() - first;
            while (src.acked < src.lastSeq()) Thread.sleep(20);
            Thread.sleep(200);
            return new Live((double) link.upBytes() / n, (double) link.downBytes() / n, n, sample,
                    tx.stats().batchesSent() - b0, tx.stats().bytesSent() - f0);
        }
    }

    static SenderConfig config(String url) {
        return config(url, Encoding.COMPACT, Duration.ZERO);
    }

    static SenderConfig config(String url, Encoding encoding, Duration latency) {
        return SenderConfig.builder(url, "bench-gw").clientId("bench-gw").streams("readings").window(16)
                .ackTimeout(Duration.ofSeconds(30)).reconnect(Duration.ofMillis(100), Duration.ofSeconds(1)).key(KEY)
                .encoding(encoding).statusInterval(Duration.ofSeconds(30)).latency(latency, List.of("readings")).build();
    }

    /** Counts stored records; keeps the frames it received (re-encoded) for the Paho baseline. */
    static final class CountingSink implements Sink {
        final List<byte[]> frames;
        volatile long count;

        CountingSink(List<byte[]> frames) {
            this.frames = frames;
        }

        private CommittedRange range = CommittedRange.NONE;
        private final SenderDictionary dict = new SenderDictionary(1);

        @Override
        public synchronized CommittedRange committed(StreamKey key) {
            return range;
        }

        @Override
        public synchronized boolean commit(Commit c) {
            if (!c.expected().equals(range)) return false;
            count += c.records().size();
            range = c.next();
            if (frames != null && !c.records().isEmpty()) { // the same v2 frames (dictionary announced once)
                frames.add(CodecV2.encode(c.batch(), dict, KEY).payload());
                dict.confirm(dict.size());
            }
            return true;
        }
    }
}
