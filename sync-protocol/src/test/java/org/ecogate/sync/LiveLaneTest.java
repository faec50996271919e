package org.ecogate.sync;
import org.ecogate.sync.internal.codec.Envelope;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The receiver's live-lane rules (PROTOCOL.md 6.1) on single batches, and the wire form of lanes. */
class LiveLaneTest {
    static final String GW = "gw";
    static final String TOPIC = Topics.batch(GW, "readings");

    final List<Ack> acks = new ArrayList<>();

    private ReceiverCore receiver(Sink sink) {
        ReceiverCore rx = new ReceiverCore(GatewayKeys.none(), sink);
        rx.ackTap = acks::add;
        return rx;
    }

    private static List<SyncRecord> recs(long from, long to) {
        List<SyncRecord> out = new ArrayList<>();
        for (long s = from; s <= to; s++) out.add(new SyncRecord(s, "p" + (s % 7), 1_700_000_000_000L + s * 1000, (double) s, "good"));
        return out;
    }

    private Ack send(ReceiverCore rx, long prev, long from, long to, boolean live, Encoding enc) {
        Batch b = Batch.of(GW, 1, "readings", prev, recs(from, to), !live, live);
        int before = acks.size();
        rx.handle(TOPIC, SyncCodec.encode(b, enc, null));
        assertThat(acks).as("one ack per batch").hasSize(before + 1);
        return acks.get(acks.size() - 1);
    }

    private Ack send(ReceiverCore rx, long prev, long from, long to, boolean live) {
        return send(rx, prev, from, to, live, Encoding.COMPACT);
    }

    private static void assertAck(Ack a, String status, long through, long liveAfter, long liveThrough) {
        assertThat(a.status()).as("status of %s", a).isEqualTo(status);
        assertThat(a.ackedThrough()).as("ackedThrough of %s", a).isEqualTo(through);
        assertThat(a.liveAfter()).as("liveAfter of %s", a).isEqualTo(liveAfter);
        assertThat(a.liveThrough()).as("liveThrough of %s", a).isEqualTo(liveThrough);
    }

    @Test
    void liveDataIsStoredAheadOfTheBacklogOnceAndTheTwoMergeWhenTheBacklogArrives() {
        MemorySink sink = new MemorySink(true);
        ReceiverCore rx = receiver(sink);
        assertAck(send(rx, 0, 1, 10, false), Ack.OK, 10, 0, 0);
        // the gateway opens a live lane above its backlog (11..100)
        assertAck(send(rx, 100, 101, 110, true), Ack.OK, 10, 100, 110);
        assertAck(send(rx, 110, 111, 120, true, Encoding.JSON), Ack.OK, 10, 100, 120);
        // a redelivered live batch stores nothing and gets the same answer
        assertAck(send(rx, 100, 101, 110, true), Ack.OK, 10, 100, 120);
        // a live batch after a lost one: gap, with the range the platform holds
        Ack gap = send(rx, 130, 131, 140, true);
        assertAck(gap, Ack.GAP, 10, 100, 120);
        assertThat(gap.code()).isNull();
        // a backlog batch that does not follow the watermark: gap as before
        assertAck(send(rx, 50, 51, 60, false), Ack.GAP, 10, 100, 120);
        // the backlog runs into the live range: 11..100 stored, 101..105 not again, watermark jumps to 120
        assertAck(send(rx, 10, 11, 105, false), Ack.OK, 120, 0, 0);
        // a late live batch now simply follows the watermark
        assertAck(send(rx, 120, 121, 125, true), Ack.OK, 125, 0, 0);
        assertAck(send(rx, 125, 126, 130, false), Ack.OK, 130, 0, 0);

        List<SyncRecord> stored = sink.snapshot();
        assertThat(stored).extracting(SyncRecord::seq).doesNotHaveDuplicates().hasSize(130);
        assertThat(stored).extracting(SyncRecord::seq).containsExactlyInAnyOrderElementsOf(
                recs(1, 130).stream().map(SyncRecord::seq).toList());
        // the live records were stored before the backlog below them
        assertThat(stored.subList(10, 30)).extracting(SyncRecord::seq).containsExactlyElementsOf(
                recs(101, 120).stream().map(SyncRecord::seq).toList());
        // each path stored its records in ascending order, and the sink was told which path
        long lastLane = 0, lastMark = 0;
        for (int i = 0; i < stored.size(); i++) {
            long seq = stored.get(i).seq();
            if (sink.onLane.get(i)) {
                assertThat(seq).as("lane seq").isGreaterThan(lastLane).isBetween(101L, 120L);
                lastLane = seq;
            } else {
                assertThat(seq).as("watermark seq").isGreaterThan(lastMark);
                lastMark = seq;
            }
        }
        assertThat(rx.stats().recordsStored()).isEqualTo(130);
    }

    @Test
    void aBacklogBatchThatEndsExactlyBelowTheLaneMergesIt() {
        MemorySink sink = new MemorySink(true);
        ReceiverCore rx = receiver(sink);
        assertAck(send(rx, 50, 51, 60, true), Ack.OK, 0, 50, 60);
        assertAck(send(rx, 0, 1, 30, false), Ack.OK, 30, 50, 60);
        assertAck(send(rx, 30, 31, 50, false), Ack.OK, 60, 0, 0);
        assertThat(sink.snapshot()).extracting(SyncRecord::seq).doesNotHaveDuplicates().hasSize(60);
    }

    @Test
    void aLiveBatchBelowTheLaneOrOutsideItIsAGap() {
        MemorySink sink = new MemorySink(true);
        ReceiverCore rx = receiver(sink);
        assertAck(send(rx, 0, 1, 5, false), Ack.OK, 5, 0, 0);
        assertAck(send(rx, 50, 51, 60, true), Ack.OK, 5, 50, 60);
        // a second lane cannot open while one is held
        assertAck(send(rx, 70, 71, 80, true), Ack.GAP, 5, 50, 60);
        assertAck(send(rx, 20, 21, 30, true), Ack.GAP, 5, 50, 60);
        assertThat(sink.snapshot()).hasSize(15);
    }

    @Test
    void aSinkWithoutLiveRangesGetsEveryStreamInOrderAndTheSenderIsToldSo() {
        MemorySink sink = new MemorySink(false);
        ReceiverCore rx = receiver(sink);
        assertAck(send(rx, 0, 1, 10, false), Ack.OK, 10, 0, 0);
        Ack a = send(rx, 100, 101, 110, true);
        assertAck(a, Ack.GAP, 10, 0, 0);
        assertThat(a.code()).isEqualTo(Ack.LIVE_UNSUPPORTED);
        // a live batch that follows the watermark is just a batch
        assertAck(send(rx, 10, 11, 20, true), Ack.OK, 20, 0, 0);
        assertThat(sink.snapshot()).extracting(SyncRecord::seq).isSorted().doesNotHaveDuplicates().hasSize(20);
    }

    @Test
    void theLiveFlagAndTheLiveRangeSurviveTheWire() throws Exception {
        for (Encoding e : Encoding.values()) {
            Batch b = Batch.of(GW, 1, "readings", 100, recs(101, 103), false, true);
            Batch back = SyncCodec.decodeBatch(SyncCodec.encode(b, e, null));
            assertThat(back.live()).as("live flag in %s", e).isTrue();
            assertThat(SyncCodec.decodeBatch(SyncCodec.encode(Batch.of(GW, 1, "readings", 0, recs(1, 2)), e, null)).live()).isFalse();
        }
        Ack a = new Ack(GW, 1, "readings", 10, Ack.OK, null, null, 100, 120);
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(a))).isEqualTo(a);
        Ack none = new Ack(GW, 1, "readings", 10, Ack.GAP, "x", Ack.LIVE_UNSUPPORTED);
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(none))).isEqualTo(none);
        assertThat(new String(Envelope.open(SyncCodec.encode(none), Envelope.KIND_ACK, null, false).body()))
                .doesNotContain("liveAfter");
        // a live range at or below the watermark is malformed
        byte[] bad = Envelope.seal(Envelope.KIND_ACK, Envelope.CT_JSON, ("{\"v\":1,\"gateway\":\"gw\",\"epoch\":1,\"stream\":\"readings\","
                + "\"ackedThrough\":10,\"status\":\"ok\",\"reason\":null,\"code\":null,\"liveAfter\":5,\"liveThrough\":20}").getBytes(), null);
        assertThatThrownBy(() -> SyncCodec.decodeAck(bad)).isInstanceOf(SyncFormatException.class).hasMessageContaining("live range");
    }
}
