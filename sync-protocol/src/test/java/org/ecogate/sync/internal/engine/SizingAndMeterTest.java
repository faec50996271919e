package org.ecogate.sync.internal.engine;

import org.ecogate.sync.SyncRecord;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender's pure sizing decisions, the backlog's cut at a live lane and the progress figures, on a fake clock. */
class SizingAndMeterTest {
    static final long MS = 1_000_000L;

    @Test
    void batchesAimAtAQuarterSecondOfTheLinkWithinBoundsAndTheLimitFollowsTheBytes() {
        BatchSizer z = new BatchSizer(256 * 1024, 50_000);
        assertThat(z.target(0)).as("no estimate: start small").isEqualTo(16 * 1024);
        assertThat(z.target(400_000)).isEqualTo(100_000);
        assertThat(z.target(100_000_000)).as("at most batchMaxBytes").isEqualTo(256 * 1024);
        Stream s = new Stream("readings", 1000);
        assertThat(s.fit(z, 1000, 300_000, 100_000, Integer.MAX_VALUE)).as("over the frame limit: not sent").isFalse();
        assertThat(s.limit).isEqualTo(500);
        assertThat(s.fit(z, 500, 20_000, 100_000, Integer.MAX_VALUE)).isTrue();
        assertThat(s.limit).as("small and full: doubled").isEqualTo(1000);
        assertThat(s.fit(z, 1000, 250_000, 100_000, Integer.MAX_VALUE)).isTrue();
        assertThat(s.limit).as("over twice the target: halved for the next one").isEqualTo(500);
        assertThat(s.fit(z, 1, 300_000, 100_000, Integer.MAX_VALUE)).as("a single record always goes").isTrue();
        LinkEstimator link = new LinkEstimator();
        assertThat(z.window(link, 8)).as("no estimate: two start batches").isEqualTo(32 * 1024);
    }

    @Test
    void wellCompressedBatchesStayNearAQuarterSecondOfTheMeasuredRecordRate() {
        BatchSizer z = new BatchSizer(256 * 1024, 50_000);
        LinkEstimator link = new LinkEstimator();
        // a platform committing 10,000 records/s of tiny frames (1.5 bytes per record)
        for (int i = 1; i <= 8; i++) link.onAck(i * 250 * MS, (i - 1) * 250 * MS, 3_750, 2_500);
        assertThat(link.recordsPerSecond()).isEqualTo(10_000);
        int rt = z.recordTarget(link.recordsPerSecond());
        assertThat(rt).isEqualTo(2_500);
        assertThat(z.recordTarget(0)).as("not measured yet: start small").isEqualTo(4_096);
        Stream s = new Stream("readings", 2_048);
        s.fit(z, 2_048, 3_000, z.target(link.bytesPerSecond()), rt);
        assertThat(s.limit).as("below the record target: grows").isEqualTo(4_096);
        s.fit(z, 4_096, 6_000, z.target(link.bytesPerSecond()), rt);
        assertThat(s.limit).as("tiny in bytes but above the record target: no more growth").isEqualTo(4_096);
        s.fit(z, 6_000, 9_000, z.target(link.bytesPerSecond()), rt);
        assertThat(s.limit).as("over twice the record target: halved").isEqualTo(3_000);
    }

    @Test
    void theBacklogStopsAtTheLiveLaneAndBridgesAHoleWithOneRecord() {
        Stream s = new Stream("readings", 1000);
        s.openLive(100, 0);
        assertThat(s.backlogTake(records(95, 105))).as("records at or below the lane start").isEqualTo(6);
        assertThat(s.backlogTake(records(120, 130))).as("nothing left below: one record bridges").isEqualTo(1);
        assertThat(s.backlogEmpty).isFalse();
        s.backlog.sentBatch(120, 100, 0);
        assertThat(s.backlogTake(records(121, 130))).as("the bridge is in flight: wait").isZero();
        assertThat(s.backlogEmpty).isTrue();
    }

    @Test
    void theAckRateIsSmoothedAndDecaysAfterTenSecondsWithoutAcks() {
        Stream s = new Stream("readings", 1000);
        StreamMeter m = new StreamMeter();
        m.sent(100, 500);
        m.acked(0, 1 * MS, 1);
        m.acked(1000, 1001 * MS, 2);
        assertThat(m.rate(1001 * MS)).isEqualTo(1000.0);
        assertThat(m.progress(s, 1001 * MS).bytesPerRecord()).isEqualTo(5.0);
        assertThat(m.progress(s, 1001 * MS).lastAckMillis()).isEqualTo(2);
        assertThat(m.rate(12_000 * MS)).as("10 s without acks").isZero();
    }

    private static List<SyncRecord> records(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(i -> new SyncRecord(i, "p", i, 1.0, "good")).toList();
    }
}
