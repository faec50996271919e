package org.ecogate.sync.internal.engine;

import org.ecogate.sync.Ack;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The sender's pure decisions on a fake clock: link estimate and window, linger, lanes on acks. */
class EngineTest {
    static final long MS = 1_000_000L;

    @Test
    void theWindowIsTwiceRateTimesRoundTripWithinBounds() {
        LinkEstimator e = new LinkEstimator();
        assertThat(e.windowBytes(32_000, 4_000_000)).as("no estimate yet: the lower bound").isEqualTo(32_000);
        // 300 ms round trip, 125,000 B/s (1 Mbit/s): one 12,500 B batch acked every 100 ms
        long t = 0;
        for (int i = 0; i < 50; i++) {
            t += 100 * MS;
            e.onAck(t, t - 300 * MS, 12_500);
        }
        assertThat(e.rttMillis()).isEqualTo(300);
        assertThat(e.bytesPerSecond()).isBetween(120_000L, 130_000L);
        assertThat(e.windowBytes(32_000, 4_000_000)).as("2 x 37,500 B").isBetween(72_000L, 78_000L);
        assertThat(e.windowBytes(100_000, 4_000_000)).isEqualTo(100_000);
        assertThat(e.windowBytes(1_000, 50_000)).isEqualTo(50_000);
        // a fast link where the sender is briefly idle between batches: short gaps do not reset the interval
        LinkEstimator f = new LinkEstimator();
        long u = 0;
        for (int i = 0; i < 400; i++) {
            f.idle(u);
            f.onAck(u + 1 * MS, u, 100_000);
            u += 2 * MS;
        }
        assertThat(f.bytesPerSecond()).as("100 kB per 2 ms").isGreaterThan(40_000_000L);
        // the link gets slower: after the memory the old maximum is forgotten
        for (int i = 0; i < 200; i++) {
            t += 200 * MS;
            e.onAck(t, t - 600 * MS, 2_500);
        }
        assertThat(e.rttMillis()).isEqualTo(600);
        assertThat(e.bytesPerSecond()).isBetween(11_000L, 14_000L);
    }

    @Test
    void lingerHoldsFreshReadingsUpToTheLatencyAndNeverEventsResendsOrAFlush() {
        Linger l = new Linger();
        long lat = 3000 * MS;
        assertThat(l.decide(0, lat, true, false, true, false)).isEqualTo(3000 * MS);
        assertThat(l.decide(1000 * MS, lat, true, false, true, false)).as("still due at the first sight + latency").isEqualTo(3000 * MS);
        assertThat(l.decide(3000 * MS, lat, true, false, true, false)).isZero();
        l.sent();
        assertThat(l.decide(4000 * MS, lat, true, false, true, false)).isEqualTo(7000 * MS);
        assertThat(l.decide(4000 * MS, lat, true, true, true, false)).as("a full batch goes").isZero();
        assertThat(l.decide(4000 * MS, lat, false, false, true, false)).as("events are never held").isZero();
        assertThat(l.decide(4000 * MS, lat, true, false, false, false)).as("a resend is never held").isZero();
        assertThat(l.decide(4000 * MS, lat, true, false, true, true)).as("draining for a stop").isZero();
        assertThat(l.decide(4000 * MS, 0, true, false, true, false)).as("latency 0").isZero();
    }

    private static Ack ok(long through) {
        return new Ack("g", 1, "events", through, Ack.OK, null);
    }

    @Test
    void oneLaneConceptServesBacklogAndLiveUntilTheyMerge() {
        Stream s = new Stream("events", 100);
        long t = 0;
        s.backlog.sentBatch(100, 1000, t);
        s.backlog.sentBatch(200, 1000, t);
        s.openLive(500, t);
        s.live.sentBatch(510, 100, t);
        assertThat(s.backlog.hasRoom(2, 1_000_000)).isFalse();
        assertThat(s.live.hasRoom(2, 1_000_000)).isTrue();
        Stream.AckResult r = s.onAck(new Ack("g", 1, "events", 100, Ack.OK, null, null, 500, 510), t += 300 * MS);
        assertThat(r.newAcked()).isEqualTo(100);
        assertThat(r.completed()).extracting(Lane.InFlight::last).containsExactly(510L, 100L);
        assertThat(s.live.acked).isEqualTo(510);
        // the backlog times out: only it is resent
        assertThat(s.checkTimeouts(t + 6000 * MS, 5000 * MS)).isEqualTo(1);
        assertThat(s.backlog.sent).isEqualTo(100);
        assertThat(s.live.sent).isEqualTo(510);
        // the backlog reaches the lane: merged, the lane's batches in flight follow the watermark
        s.live.sentBatch(520, 100, t);
        s.onAck(ok(500), t += 100 * MS);
        assertThat(s.liveAfter).isZero();
        assertThat(s.backlog.sent).isEqualTo(520);
        assertThat(s.backlog.inflight()).isEqualTo(1);
    }

    @Test
    void ackTimeoutsInARowBackOffUpToSixteenfoldAndProgressResetsThem() {
        Stream s = new Stream("readings", 100);
        long t = 0;
        s.backlog.sentBatch(100, 1000, t);
        assertThat(s.checkTimeouts(t += 5001 * MS, 5000 * MS)).as("first timeout after 5 s").isEqualTo(1);
        s.backlog.sentBatch(100, 1000, t);
        assertThat(s.checkTimeouts(t + 9000 * MS, 5000 * MS)).as("second waits 10 s").isZero();
        assertThat(s.checkTimeouts(t += 10_001 * MS, 5000 * MS)).isEqualTo(1);
        for (int i = 0; i < 5; i++) {
            s.backlog.sentBatch(100, 1000, t);
            assertThat(s.checkTimeouts(t += 80_001 * MS, 5000 * MS)).isEqualTo(1);
        }
        s.backlog.sentBatch(100, 1000, t);
        assertThat(s.checkTimeouts(t + 79_000 * MS, 5000 * MS)).as("capped at 16 x 5 s").isZero();
        assertThat(s.checkTimeouts(t += 80_001 * MS, 5000 * MS)).isEqualTo(1);
        assertThat(s.window(4)).as("after a timeout: one batch in flight").isEqualTo(1);
        assertThat(s.limit()).as("of one record (a slow platform's queue gets no second copy of the window)").isEqualTo(1);
        s.onAck(ok(100), t += MS); // a late ack of the batch sent before the timeout: progress, still slow
        assertThat(s.window(4)).as("a late ack of the old window does not end the probing").isEqualTo(1);
        s.backlog.sentBatch(101, 1000, t); // the probe
        s.onAck(ok(101), t += MS);
        assertThat(s.window(4)).as("the probe's ack ends it").isEqualTo(4);
        s.backlog.sentBatch(200, 1000, t);
        assertThat(s.checkTimeouts(t + 5001 * MS, 5000 * MS)).as("back to 5 s after progress").isEqualTo(1);
    }

    @Test
    void anEmptyLaneAboveARunAheadCounterIsStuckUntilClosed() {
        Stream s = new Stream("events", 100);
        s.backlog.sentBatch(300, 1000, 0);
        s.openLive(1300, 0); // the counter skipped ahead of the newest record (300)
        s.onAck(ok(300), 1);
        s.backlogEmpty = true;
        assertThat(s.liveLaneStuckEmpty()).isTrue();
        assertThat(s.idle()).isFalse();
        s.closeLive();
        assertThat(s.idle()).isTrue();
    }

    @Test
    void reconnectAndPlatformReturnResendWhatIsUnacknowledged() {
        Stream s = new Stream("events", 100);
        s.backlog.sentBatch(100, 1000, 0);
        assertThat(s.onConnect(0, 1)).isTrue();
        assertThat(s.backlog.sent).isZero();
        s.backlog.sentBatch(100, 1000, 2);
        assertThat(s.onPlatformOnline(3)).isTrue();
        assertThat(s.backlog.sent).isZero();
        assertThat(s.onPlatformOnline(4)).as("nothing in flight: nothing to do").isFalse();
    }

    @Test
    void aBusyAnswerPausesTheStreamWithGrowingPausesThenProbesOneBatchAtATimeUntilAnOk() {
        Stream s = new Stream("readings", 100);
        long t = 0;
        for (int i = 1; i <= 4; i++) s.backlog.sentBatch(100L * i, 1000, t);
        assertThat(s.onBusy(t += MS)).as("the window goes again, later").isTrue();
        assertThat(s.backlog.sent).isZero();
        assertThat(s.backlog.idle()).isTrue();
        long pause = s.pausedUntil() - t;
        assertThat(pause).as("first pause 0.5 s +-25 %").isBetween(375 * MS, 625 * MS);
        assertThat(s.paused(t + 370 * MS)).isTrue();
        assertThat(s.onBusy(t + 10 * MS)).as("the answers to the rest of the window change nothing").isFalse();
        assertThat(s.pausedUntil() - t).isEqualTo(pause);
        assertThat(s.checkTimeouts(t + 10_000 * MS, 5000 * MS)).as("nothing in flight: no ack timeout").isZero();
        t = s.pausedUntil();
        assertThat(s.paused(t)).isFalse();
        assertThat(s.window(4)).as("probing: one batch in flight").isEqualTo(1);
        assertThat(s.limit()).as("probing: one record per batch").isEqualTo(1);
        s.backlog.sentBatch(100, 1000, t);
        assertThat(s.onBusy(t += MS)).isTrue();
        assertThat(s.pausedUntil() - t).as("second pause 1 s +-25 %").isBetween(750 * MS, 1250 * MS);
        for (int i = 0; i < 8; i++) {
            t = s.pausedUntil();
            s.backlog.sentBatch(100, 1000, t);
            s.onBusy(t += MS);
        }
        assertThat(s.pausedUntil() - t).as("capped at 8 s +-25 %").isBetween(6000 * MS, 10_000 * MS);
        t = s.pausedUntil();
        s.backlog.sentBatch(100, 1000, t);
        s.onAck(ok(100), t += MS);
        assertThat(s.busyStreak()).isZero();
        assertThat(s.window(4)).as("an ok ends the probing").isEqualTo(4);
        assertThat(s.limit()).isEqualTo(100);
        assertThat(s.paused(t)).isFalse();
        assertThat(s.onBusy(t)).as("nothing in flight: nothing to pause").isFalse();
    }

    @Test
    void aReceiverReturningResendsOnlyLanesThatGotNoAckSinceSoAnotherReceiversRestartCostsNothing() {
        Stream s = new Stream("readings", 100);
        s.backlog.sentBatch(100, 1000, 0);
        s.backlog.sentBatch(200, 1000, 0);
        long online = 500 * MS;
        s.onAck(new Ack("g", 1, "readings", 100, Ack.OK, null), 600 * MS); // another receiver of the share answers
        assertThat(s.onPlatformReturn(800 * MS, online)).as("acknowledged since the announcement: served").isFalse();
        assertThat(s.backlog.sent).isEqualTo(200);
        assertThat(s.onPlatformReturn(2000 * MS, 1000 * MS)).as("no ack since: published while nobody listened").isTrue();
        assertThat(s.backlog.sent).isEqualTo(100);
        assertThat(s.onPlatformReturn(3000 * MS, 2500 * MS)).as("nothing in flight").isFalse();
    }

    @Test
    void gapAnswersToBatchesSentBeforeARewindDoNotRewindAgain() {
        Stream s = new Stream("readings", 100);
        for (int i = 1; i <= 4; i++) s.backlog.sentBatch(100L * i, 1000, 0);
        Ack gap0 = new Ack("g", 1, "readings", 0, Ack.GAP, "lost", null);
        assertThat(s.onAck(gap0, 10 * MS).resend()).as("the first gap: go back").isTrue();
        s.backlog.sentBatch(100, 1000, 11 * MS); // the repair
        assertThat(s.onAck(gap0, 300 * MS).resend()).as("the answer to batch 3 of the old window: stale").isFalse();
        assertThat(s.onAck(gap0, 900 * MS).resend()).as("batch 4's: stale").isFalse();
        assertThat(s.backlog.sent).isEqualTo(100);
        assertThat(s.onAck(gap0, 2011 * MS).resend()).as("the same gap after the quiet time: the repair was lost").isTrue();
        s.backlog.sentBatch(100, 1000, 2012 * MS);
        s.backlog.sentBatch(200, 1000, 2012 * MS);
        assertThat(s.onAck(new Ack("g", 1, "readings", 100, Ack.GAP, "lost", null), 2100 * MS).resend())
                .as("a gap further on is new").isTrue();
        assertThat(s.backlog.sent).isEqualTo(100);
    }
}
