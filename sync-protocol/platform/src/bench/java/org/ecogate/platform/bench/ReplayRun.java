package org.ecogate.platform.bench;

import org.ecogate.platform.PgProcess;
import org.ecogate.platform.ReceiverService;
import org.ecogate.sim.load.SimGateway;
import org.ecogate.sync.SyncSender;
import org.ecogate.sync.internal.transport.MqttCallback;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.ecogate.sync.internal.transport.MqttSupport;
import org.ecogate.sync.testkit.MosquittoProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The service x1 run of {@link PlatformBenchmark} with the gateways' work done before the clock starts, as the raw COPY's
 * rows are: live senders publish their backlogs to a staging broker (no receiver: nothing is acknowledged, each sends
 * its window), the messages are recorded as they would reach the platform (signed, compressed, dictionaries announced),
 * then replayed in order to the receiver's broker and timed until every record is committed. Not thread-safe. Trap:
 * only for one receiver instance — with several, a gateway's batches reach different instances out of order and a
 * replay cannot answer their gap replies (the live runs do).
 */
final class ReplayRun {
    private record Msg(String topic, byte[] payload) {}

    private ReplayRun() {}

    static double run(MosquittoProcess broker, PgProcess pg, int gateways, int cycles) throws Exception {
        PlatformBenchmark.reset(pg);
        PlatformBenchmark.Gateways gws = PlatformBenchmark.gateways(gateways, cycles);
        long total = (long) gateways * cycles * 10;
        List<Msg> recorded = record(gws, total);
        List<ReceiverService> rx = PlatformBenchmark.receivers(broker, pg, gws, 1);
        try (MqttClient pub = new MqttClient(broker.url(), "replayer")) {
            pub.setMaxInflight(1000);
            pub.connect(MqttSupport.options(broker.url(), null, null, null, 1000));
            CpuMeter cpu = new CpuMeter(pg);
            System.gc();
            Map<String, Long> cpu0 = cpu.snapshot();
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (Msg m : recorded) {
                MqttMessage mm = new MqttMessage(m.payload());
                mm.setQos(1);
                sent.add(pub.publishAsync(m.topic(), mm));
            }
            while (rx.get(0).stats().recordsStored() < total) Thread.sleep(5);
            double s = (System.nanoTime() - t0) / 1e9;
            String cpuLine = cpu.since(cpu0, s);
            CompletableFuture.allOf(sent.toArray(new CompletableFuture[0])).join();
            System.out.printf("  service x1, gateways' messages recorded before the clock and replayed: %,d records in %.2f s (stored %,d, "
                    + "%,d messages)%n", total, s, rx.get(0).stats().recordsStored(), recorded.size());
            PlatformBenchmark.commitLine(rx, s);
            System.out.println("    " + cpuLine);
            return total / s;
        } finally {
            for (ReceiverService r : rx) r.close();
        }
    }

    /** Everything the gateways publish until all their records left once (their first window holds their whole backlog). */
    private static List<Msg> record(PlatformBenchmark.Gateways gws, long total) throws Exception {
        ConcurrentLinkedQueue<Msg> q = new ConcurrentLinkedQueue<>();
        List<SyncSender> tx = new ArrayList<>();
        try (MosquittoProcess staging = MosquittoProcess.start(); MqttClient rec = new MqttClient(staging.url(), "recorder")) {
            rec.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage message) {
                    q.add(new Msg(topic, message.getPayload()));
                }
            });
            rec.connect(MqttSupport.options(staging.url(), null, null, null, 1000));
            rec.subscribe(new String[] {"ecogate/#"}, new int[] {1});
            for (SimGateway g : gws.list()) tx.add(PlatformBenchmark.sender(staging, gws.epoch(), g));
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (tx.stream().mapToLong(t -> t.stats().recordsSent()).sum() < total) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("the gateways did not publish their backlog in 120 s");
                Thread.sleep(20);
            }
            Thread.sleep(500); // the last messages reach the recorder
            List<Msg> out = new ArrayList<>(q);
            for (SyncSender t : tx) t.close();
            return out;
        }
    }
}
