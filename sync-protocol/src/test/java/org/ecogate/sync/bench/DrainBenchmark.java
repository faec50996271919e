package org.ecogate.sync.bench;

import org.ecogate.sync.Batch;
import org.ecogate.sync.Commit;
import org.ecogate.sync.CommittedRange;
import org.ecogate.sync.StreamKey;
import org.ecogate.sync.Encoding;
import org.ecogate.sync.ReceiverConfig;
import org.ecogate.sync.SenderConfig;
import org.ecogate.sync.SenderSource;
import org.ecogate.sync.Sink;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.SyncReceiver;
import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.testkit.MosquittoProcess;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Drains an N-reading backlog (default 10,000,000: 100 points x 1 s periodic, float data) from an in-memory
 * source through a private mosquitto to a counting sink, with signing and acks; then publishes the same
 * messages with a raw Paho QoS 1 loop as the baseline; prints readings/s of both and bytes/reading of the
 * compact encoding, plain JSON and HJ 212 text. Run by hand (see README "Benchmark"). Args: [readings] [batch].
 */
public final class DrainBenchmark {
    static final int POINTS = 100;
    static final long T0 = 1_760_000_000_000L;
    static final byte[] KEY = "bench-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        System.out.printf("ecogate sync drain benchmark: %,d readings, %d points x 1 s, batches of %,d records, signed, acked%n",
                n, POINTS, batch);
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            // ---- ecogate drain
            Source src = new Source(n);
            CountingSink sink = new CountingSink();
            SenderConfig cfg = new SenderConfig(broker.url(), "bench-gw", "bench-gw", 1, List.of("readings"), batch, 8,
                    Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofSeconds(1), null, null)
                    .with(null, KEY, Encoding.COMPACT).withLimits(8 * 1024 * 1024, Duration.ofSeconds(30), null);
            long t0, t1, bytes;
            try (SyncReceiver rx = new SyncReceiver(ReceiverConfig.signed(broker.url(), "bench-platform", Map.of("bench-gw", KEY)), sink);
                 SyncSender tx = new SyncSender(cfg, src)) {
                rx.start();
                while (!rx.connected()) Thread.sleep(10);
                t0 = System.nanoTime();
                tx.start();
                while (src.acked < n) Thread.sleep(5);
                t1 = System.nanoTime();
                bytes = tx.stats().bytesSent();
                if (sink.count != n || sink.last != n) throw new AssertionError("sink got " + sink.count + " through " + sink.last);
            }
            double drainSecs = (t1 - t0) / 1e9;
            double drainRate = n / drainSecs;

            // ---- raw Paho QoS 1 loop over the same bytes (encoded beforehand, not timed)
            List<byte[]> msgs = new ArrayList<>();
            for (long s = 0; s < n; s += batch) {
                List<SyncRecord> recs = src.recordsAfter("readings", s, batch);
                msgs.add(SyncCodec.encode(Batch.of("bench-gw", 1, "readings", s, recs), Encoding.COMPACT, KEY));
            }
            MqttClient raw = new MqttClient(broker.url(), "bench-raw", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setMaxInflight(64);
            raw.connect(o);
            String topic = Topics.batch("bench-raw", "readings");
            long r0 = System.nanoTime();
            for (byte[] m : msgs) {
                MqttMessage mm = new MqttMessage(m);
                mm.setQos(1);
                raw.publish(topic, mm);
            }
            long r1 = System.nanoTime();
            raw.disconnect();
            raw.close();
            double rawSecs = (r1 - r0) / 1e9;
            double rawRate = n / rawSecs;

            // ---- the same raw loop with ecogate's own MQTT client (the fairer transport baseline)
            org.ecogate.sync.internal.transport.MqttClient own = new org.ecogate.sync.internal.transport.MqttClient(broker.url(), "bench-raw2");
            own.connect(new org.ecogate.sync.internal.transport.MqttConnectOptions());
            long o0 = System.nanoTime();
            for (byte[] m : msgs) own.publish(topic, new org.ecogate.sync.internal.transport.MqttMessage(m));
            long o1 = System.nanoTime();
            own.disconnect(1000);
            double ownSecs = (o1 - o0) / 1e9;
            double ownRate = n / ownSecs;

            // ---- bytes per reading of the three encodings (same data; JSON and HJ 212 on a 1,000,000-reading sample)
            long sampleN = Math.min(n, 1_000_000);
            long jsonBytes = 0, compactBytes = 0;
            for (long s = 0; s < sampleN; s += batch) {
                Batch b = Batch.of("bench-gw", 1, "readings", s, src.recordsAfter("readings", s, (int) Math.min(batch, sampleN - s)));
                jsonBytes += SyncCodec.encode(b, Encoding.JSON, KEY).length;
                compactBytes += SyncCodec.encode(b, Encoding.COMPACT, KEY).length;
            }
            long hjBytes = hj212Bytes(src, sampleN);

            System.out.printf("ecogate drain:  %,12.0f readings/s  (%.2f s, %,d messages, %,d bytes on the wire)%n",
                    drainRate, drainSecs, msgs.size(), bytes);
            System.out.printf("raw Paho QoS 1: %,12.0f readings/s  (%.2f s, same %,d messages, no encode/verify/store/ack)%n",
                    rawRate, rawSecs, msgs.size());
            System.out.printf("raw own client: %,12.0f readings/s  (%.2f s, same %,d messages, QoS 1 with ecogate's MQTT client)%n",
                    ownRate, ownSecs, msgs.size());
            System.out.printf("drain / raw:    %.0f %% of the raw Paho loop, %.0f %% of the raw loop with ecogate's client%n",
                    100 * drainRate / rawRate, 100 * drainRate / ownRate);
            System.out.printf("bytes/reading:  ecogate compact %.2f (whole drain %.2f) | plain JSON %.2f | HJ 212 text %.2f%n",
                    (double) compactBytes / sampleN, (double) bytes / n, (double) jsonBytes / sampleN, (double) hjBytes / sampleN);
        }
    }

    /** HJ 212-2017 CN=2011 real-time frames, one cycle's points split into frames of at most 950 CP characters. */
    static long hj212Bytes(Source src, long n) throws Exception {
        DateTimeFormatter qn = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
        DateTimeFormatter dt = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
        long total = 0;
        for (long s = 0; s < n; s += POINTS) {
            List<SyncRecord> cyc = src.recordsAfter("readings", s, POINTS);
            Instant ts = Instant.ofEpochMilli(cyc.get(0).ts());
            List<String> items = new ArrayList<>();
            for (SyncRecord r : cyc) {
                String code = "a" + String.format("%05d", (r.seq() - 1) % POINTS);
                items.add(code + "-Rtd=" + fmt(r.value()) + "," + code + "-Flag=N");
            }
            String head = "QN=" + qn.format(ts) + ";ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&DataTime=" + dt.format(ts) + ";";
            StringBuilder cp = new StringBuilder();
            for (String it : items) {
                if (cp.length() + it.length() + 30 > 950) {
                    total += frame(head + cp + "&&");
                    cp.setLength(0);
                }
                if (cp.length() > 0) cp.append(';');
                cp.append(it);
            }
            total += frame(head + cp + "&&");
        }
        return total;
    }

    static String fmt(Double v) {
        String s = Double.toString(v);
        if ((double) (float) (double) v == v) s = Float.toString((float) (double) v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static int frame(String seg) {
        return 2 + 4 + seg.getBytes(StandardCharsets.UTF_8).length + 4 + 2;
    }

    /** 100 points every second: a third float32 (2 decimals), a third scaled integers (x0.1), a third bits/counters. */
    static final class Source implements SenderSource {
        final long n;
        volatile long acked;

        Source(long n) {
            this.n = n;
        }

        static double value(long cycle, int p) {
            long h = (cycle * 0x9E3779B97F4A7C15L + p * 0xC2B2AE3D27D4EB4FL);
            h ^= h >>> 29;
            int noise = (int) (h & 0x3F) - 32;
            switch (p % 3) {
                case 0:
                    return (float) ((2000 + p * 37 + (long) (800 * Math.sin(cycle / 300.0 + p)) + noise) / 100.0);
                case 1:
                    return (int) (500 + p * 11 + 100 * Math.sin(cycle / 600.0 + p) + (noise >> 4)) * 0.1;
                default:
                    return p % 2 == 0 ? ((h & 0xFF) == 0 ? 0 : 1) : (double) (cycle / 7 + p * 1000);
            }
        }

        static final String[] NAMES = new String[POINTS];

        static {
            for (int p = 0; p < POINTS; p++) NAMES[p] = "dev" + (p / 10) + ".p" + (p % 10);
        }

        @Override
        public long ackedThrough(String stream) {
            return acked;
        }

        @Override
        public List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) {
            List<SyncRecord> out = new ArrayList<>(max);
            for (long s = afterSeq + 1; s <= n && out.size() < max; s++) {
                long cycle = (s - 1) / POINTS;
                int p = (int) ((s - 1) % POINTS);
                long ts = T0 + cycle * 1000 + (cycle * 7919 % 13);
                out.add(new SyncRecord(s, NAMES[p], ts, value(cycle, p), "good"));
            }
            return out;
        }

        @Override
        public void acked(String stream, long epoch, long through) {
            acked = through;
        }
    }

    static final class CountingSink implements Sink {
        volatile long count;
        volatile long last;

        @Override
        public CommittedRange committed(StreamKey key) {
            return CommittedRange.through(last);
        }

        @Override
        public boolean commit(Commit c) {
            count += c.records().size();
            last = c.next().watermark();
            return true;
        }
    }
}
