package org.ecogate.sync;

import org.ecogate.sync.internal.codec.CodecV2;
import org.ecogate.sync.internal.codec.ProtocolV2;
import org.ecogate.sync.internal.codec.SenderDictionary;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24, overload without noise: while its store is down a receiver answers every batch {@code busy} (the gateway
 * pauses instead of resending), tries the store at most once per probe interval, answers busy rather than
 * {@code unknown_dictionary} for a dictionary it does not hold, and counts none of it as a reject.
 */
class ReceiverBusyTest {
    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    static final long EPOCH = 1_764_255_600_000L;

    /** A {@link MemorySink} behind a switch: while down every call fails, as PostgreSQL being restarted. */
    static final class SwitchedSink implements Sink {
        final MemorySink inner = new MemorySink();
        volatile boolean down;
        final AtomicInteger calls = new AtomicInteger();

        private void check() throws SinkException {
            calls.incrementAndGet();
            if (down) throw new SinkException("connection refused (test)");
        }

        @Override public CommittedRange committed(StreamKey key) throws SinkException { check(); return inner.committed(key); }
        @Override public boolean keepsLiveRange() { return false; }
        @Override public boolean commit(Commit c) throws SinkException { check(); return inner.commit(c); }
        @Override public OptionalLong newestEpoch(String gateway, String stream) throws SinkException { check(); return inner.newestEpoch(gateway, stream); }
    }

    final List<Ack> acks = new ArrayList<>();
    long now = 1_000_000_000L;

    private void send(ReceiverCore rx, SenderDictionary d, long prev, long last) {
        List<SyncRecord> rs = new ArrayList<>();
        for (long s = prev + 1; s <= last; s++) rs.add(new SyncRecord(s, "p" + (s % 3), EPOCH + s * 1000, 1.0, "good"));
        byte[] msg = CodecV2.encode(Batch.of("gw1", EPOCH, "readings", prev, rs), d, KEY).payload();
        rx.handle(ProtocolV2.INSTANCE.batchTopic("gw1", "readings"), msg);
    }

    private Ack last() {
        return acks.get(acks.size() - 1);
    }

    @Test
    void whileTheStoreIsDownBatchesAreAnsweredBusyTheStoreIsProbedSparinglyAndNothingCountsAsARejectOrIsLost() {
        SwitchedSink sink = new SwitchedSink();
        ReceiverCore rx = new ReceiverCore(GatewayKeys.of(java.util.Map.of("gw1", KEY)), sink);
        rx.ackTap = acks::add;
        rx.nanos = () -> now;
        SenderDictionary d = new SenderDictionary(EPOCH);
        send(rx, d, 0, 6);
        assertThat(last().status()).isEqualTo(Ack.OK);
        d.confirm(3);

        sink.down = true;
        send(rx, d, 6, 9);
        assertThat(last().code()).as("the failing batch").isEqualTo(Reject.BUSY);
        assertThat(last().epoch()).isEqualTo(EPOCH);
        int callsDown = sink.calls.get();
        for (int i = 0; i < 50; i++) send(rx, d, 6, 9);
        assertThat(sink.calls.get()).as("inside the probe interval the store is not tried").isEqualTo(callsDown);
        assertThat(acks.subList(acks.size() - 50, acks.size())).allSatisfy(a -> assertThat(a.code()).isEqualTo(Reject.BUSY));
        now += ReceiverCore.PROBE_NANOS;
        send(rx, d, 6, 9);
        assertThat(sink.calls.get()).as("one probe per interval").isEqualTo(callsDown + 1);

        // a dictionary this receiver never saw (another receiver of the share got the announcing batch)
        SenderDictionary unknown = new SenderDictionary(EPOCH);
        send(rx, unknown, 6, 9); // carries names: decodes, then busy
        unknown.confirm(3);
        SenderDictionary fresh = new SenderDictionary(EPOCH);
        List<SyncRecord> one = List.of(new SyncRecord(7, "p1", EPOCH, 1.0, "good"));
        CodecV2.encode(Batch.of("gw1", EPOCH, "readings", 6, one), fresh, KEY);
        fresh.confirm(1); // the sender believes another receiver holds it
        send(rx, fresh, 6, 9);
        assertThat(last().code()).as("no unknown_dictionary while the store is down").isEqualTo(Reject.BUSY);
        assertThat(rx.stats().rejectedByReason().get(Reject.UNKNOWN_DICTIONARY)).isZero();
        assertThat(rx.stats().rejected()).as("busy is flow control, not a reject").isZero();
        assertThat(rx.stats().rejectedByReason().get(Reject.BUSY)).isEqualTo(54);

        sink.down = false;
        now += ReceiverCore.PROBE_NANOS;
        send(rx, d, 6, 9);
        assertThat(last().status()).as("the store is back").isEqualTo(Ack.OK);
        assertThat(last().ackedThrough()).isEqualTo(9);
        send(rx, d, 9, 12);
        assertThat(last().ackedThrough()).as("no probe interval once it answered").isEqualTo(12);
        assertThat(rx.stats().recordsStored()).isEqualTo(12);
        assertThat(rx.stats().recordsDuplicate()).isZero();
    }
}
