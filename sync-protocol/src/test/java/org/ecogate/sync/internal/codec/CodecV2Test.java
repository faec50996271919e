package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Data;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.ecogate.sync.Data.KEY;
import static org.ecogate.sync.Data.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/** Protocol v2 (PROTOCOL.md 13): frames bound to their topic, dictionaries announced until confirmed, binary acks. */
class CodecV2Test {
    static final long EPOCH = 1_764_255_600_000L;

    static Batch batch(long prev, int cycles, int points) {
        return Batch.of("gw-1", EPOCH, "readings", prev, Data.periodic(prev + 1, 1_764_255_661_000L + prev * 10, cycles, points, prev));
    }

    static Batch decode(byte[] msg, DictionaryCache cache) throws SyncFormatException {
        return CodecV2.decodeBatch("gw-1", "readings", msg, KEY, true, cache);
    }

    static void assertSame(Batch back, Batch b) {
        assertThat(back.gateway()).isEqualTo(b.gateway());
        assertThat(back.stream()).isEqualTo(b.stream());
        assertThat(back.epoch()).isEqualTo(b.epoch());
        assertThat(back.prev()).isEqualTo(b.prev());
        assertThat(back.first()).isEqualTo(b.first());
        assertThat(back.last()).isEqualTo(b.last());
        assertThat(back.historical()).isEqualTo(b.historical());
        assertThat(back.live()).isEqualTo(b.live());
        assertThat(back.records()).hasSameSizeAs(b.records());
        for (int i = 0; i < b.records().size(); i++) {
            SyncRecord x = b.records().get(i), y = back.records().get(i);
            assertThat(y.seq()).isEqualTo(x.seq());
            assertThat(y.point()).as("point of record %d", i).isEqualTo(x.point());
            assertThat(y.ts()).isEqualTo(x.ts());
            assertThat(y.quality()).isEqualTo(x.quality());
            assertThat(y.body()).isEqualTo(x.body());
            assertThat(y.value() == null ? null : Double.doubleToRawLongBits(y.value()))
                    .isEqualTo(x.value() == null ? null : Double.doubleToRawLongBits(x.value()));
        }
    }

    @Test
    void theDictionaryTravelsUntilABatchCarryingItIsAcknowledgedThenBatchesAreSmaller() throws Exception {
        SenderDictionary d = new SenderDictionary(EPOCH);
        DictionaryCache rx = new DictionaryCache(100);
        Batch b1 = batch(0, 3, 14), b2 = batch(42, 3, 14), b3 = batch(84, 3, 14);
        CodecV2.Encoded e1 = CodecV2.encode(b1, d, KEY);
        assertThat(e1.dictionarySize()).isEqualTo(14);
        CodecV2.Encoded e2 = CodecV2.encode(b2, d, KEY); // not yet acknowledged: announces again
        assertSame(decode(e1.payload(), rx), b1);
        assertSame(decode(e2.payload(), rx), b2);
        int announcing = CodecV2.encode(b3, d, KEY).payload().length;
        d.confirm(e1.dictionarySize());
        CodecV2.Encoded e3 = CodecV2.encode(b3, d, KEY);
        assertThat(e3.payload().length).as("a batch after the confirmation carries no names").isLessThan(announcing - 40);
        assertSame(decode(e3.payload(), rx), b3);
    }

    @Test
    void aReceiverThatDoesNotHoldTheDictionaryRejectsUntilItIsAnnouncedAgain() throws Exception {
        SenderDictionary d = new SenderDictionary(EPOCH);
        DictionaryCache first = new DictionaryCache(100);
        decode(CodecV2.encode(batch(0, 2, 5), d, KEY).payload(), first);
        d.confirm(5);
        byte[] next = CodecV2.encode(batch(10, 2, 5), d, KEY).payload();
        DictionaryCache restarted = new DictionaryCache(100);
        assertThatThrownBy(() -> decode(next, restarted)).isInstanceOfSatisfying(SyncFormatException.class, e -> {
            assertThat(e.code()).isEqualTo(Reject.UNKNOWN_DICTIONARY);
            assertThat(e.dictionary()).isEqualTo(d.id());
        });
        d.unconfirm();
        Batch again = batch(10, 2, 5);
        assertSame(decode(CodecV2.encode(again, d, KEY).payload(), restarted), again);
    }

    @Test
    void afterAnUnknownDictionaryTheNextAcknowledgedBatchesStillCarryTheWholeDictionary() throws Exception {
        // receivers sharing a subscription: one acknowledging the re-announce says nothing about the others
        SenderDictionary d = new SenderDictionary(EPOCH);
        CodecV2.encode(batch(0, 2, 5), d, KEY);
        d.confirm(5);
        d.unconfirm();
        for (int i = 0; i < 8; i++) { // PROTOCOL.md 13.4: the next 8 acknowledged batches
            byte[] b = CodecV2.encode(batch(10 + 10 * i, 2, 5), d, KEY).payload();
            assertThat(decode(b, new DictionaryCache(100)).records()).as("batch %d after the reject decodes on a fresh receiver", i).hasSize(10);
            d.confirm(5);
        }
        d.confirm(5); // the ack of a batch sent after those: followed again
        byte[] after = CodecV2.encode(batch(200, 2, 5), d, KEY).payload();
        assertThatThrownBy(() -> decode(after, new DictionaryCache(100))).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.UNKNOWN_DICTIONARY));
    }

    @Test
    void aReceiverHoldingAPrefixRejectsABatchAssumingMoreNames() throws Exception {
        SenderDictionary d = new SenderDictionary(EPOCH);
        DictionaryCache rx = new DictionaryCache(100);
        decode(CodecV2.encode(batch(0, 1, 5), d, KEY).payload(), rx); // p0..p4
        d.confirm(5);
        // a batch adding p5..p7 is lost; the next one still carries them (not confirmed): decodes
        CodecV2.encode(batch(5, 1, 8), d, KEY);
        Batch b = batch(13, 1, 8);
        byte[] carrying = CodecV2.encode(b, d, KEY).payload();
        // the sender believes (wrongly) that all 8 are held: the receiver must refuse, never guess
        d.confirm(8);
        byte[] assuming = CodecV2.encode(batch(21, 1, 8), d, KEY).payload();
        assertThatThrownBy(() -> decode(assuming, rx)).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.UNKNOWN_DICTIONARY));
        assertSame(decode(carrying, rx), b);
        assertThat(decode(assuming, rx).records()).hasSize(8);
    }

    @Test
    void aDictionaryIdCannotBeReannouncedWithOtherNames() throws Exception {
        DictionaryCache rx = new DictionaryCache(100);
        SenderDictionary d = new SenderDictionary(EPOCH);
        decode(CodecV2.encode(batch(0, 1, 3), d, KEY).payload(), rx);
        byte[] honest = CodecV2.encode(batch(3, 1, 3), d, KEY).payload();
        // forge the same id with other names (a buggy or hostile sender): refused as malformed, nothing resolved wrongly
        SenderDictionary other = new SenderDictionary(EPOCH);
        setId(other, d.id());
        Batch renamed = Batch.of("gw-1", EPOCH, "readings", 6, List.of(new SyncRecord(7, "zz.other", 1, 1.0, "good")));
        byte[] forged = CodecV2.encode(renamed, other, KEY).payload();
        assertThatThrownBy(() -> decode(forged, rx)).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.MALFORMED));
        assertThat(decode(honest, rx).records().get(0).point()).isEqualTo("dev0.p0");
    }

    static void setId(SenderDictionary d, long id) throws Exception {
        java.lang.reflect.Field f = SenderDictionary.class.getDeclaredField("id");
        f.setAccessible(true);
        f.set(d, id);
    }

    @Test
    void theMacCoversTheTopicSoABatchCannotBeReplayedOnAnotherStreamOrGateway() throws Exception {
        SenderDictionary d = new SenderDictionary(EPOCH);
        byte[] msg = CodecV2.encode(batch(0, 1, 3), d, KEY).payload();
        assertThat(msg.length).isGreaterThan(FrameV2.HEADER + FrameV2.MAC);
        DictionaryCache rx = new DictionaryCache(100);
        assertThatThrownBy(() -> CodecV2.decodeBatch("gw-1", "events", msg, KEY, true, rx))
                .isInstanceOfSatisfying(SyncFormatException.class, e -> assertThat(e.code()).isEqualTo(Reject.BAD_MAC));
        assertThatThrownBy(() -> CodecV2.decodeBatch("gw-1", "readings", msg, OTHER_KEY, true, rx))
                .isInstanceOfSatisfying(SyncFormatException.class, e -> assertThat(e.code()).isEqualTo(Reject.BAD_MAC));
        byte[] unsigned = CodecV2.encode(batch(0, 1, 3), new SenderDictionary(EPOCH), null).payload();
        assertThatThrownBy(() -> CodecV2.decodeBatch("gw-1", "readings", unsigned, KEY, true, rx))
                .isInstanceOfSatisfying(SyncFormatException.class, e -> assertThat(e.code()).isEqualTo(Reject.UNSIGNED));
        assertThatThrownBy(() -> CodecV2.decodeBatch("gw-2", "readings", unsigned, null, false, rx))
                .isInstanceOfSatisfying(SyncFormatException.class, e -> assertThat(e.code()).isEqualTo(Reject.BAD_DIGEST));
        assertThat(CodecV2.decodeBatch("gw-1", "readings", unsigned, null, false, rx).records()).hasSize(3);
    }

    @Test
    void acksRoundTripInEveryShape() throws Exception {
        List<Ack> acks = List.of(
                new Ack("gw-1", EPOCH, "readings", 123, Ack.OK, null),
                new Ack("gw-1", EPOCH, "readings", 5000, Ack.OK, null, null, 5040, 6000),
                new Ack("gw-1", EPOCH, "events", 7, Ack.GAP, null, Ack.LIVE_UNSUPPORTED),
                new Ack("gw-1", 0, "readings", 0, Ack.REJECTED, "dictionary 1f is not known here", Reject.UNKNOWN_DICTIONARY, 0, 0, 0x1fL),
                new Ack("gw-1", -3, "summaries", 0, Ack.REJECTED, "", Reject.BAD_MAC));
        for (Ack a : acks) {
            byte[] msg = CodecV2.encode(a, KEY);
            Ack back = CodecV2.decodeAck("gw-1", msg, KEY, true);
            assertThat(back).isEqualTo(a.reason() == null && a.code() != null ? a : back); // reason only travels with a code
            assertThat(back.status()).isEqualTo(a.status());
            assertThat(back.ackedThrough()).isEqualTo(a.ackedThrough());
            assertThat(back.liveAfter()).isEqualTo(a.liveAfter());
            assertThat(back.liveThrough()).isEqualTo(a.liveThrough());
            assertThat(back.code()).isEqualTo(a.code());
            assertThat(back.dictionary()).isEqualTo(a.dictionary());
            assertThat(back.epoch()).isEqualTo(a.epoch());
            assertThat(back.stream()).isEqualTo(a.stream());
            assertThatThrownBy(() -> CodecV2.decodeAck("gw-2", msg, KEY, true)).isInstanceOf(SyncFormatException.class);
        }
        assertThat(CodecV2.encode(acks.get(0), KEY).length).as("a plain ok ack").isLessThanOrEqualTo(4 + 1 + 9 + 6 + 2 + 16);
    }

    @Test
    void garbageBodiesAndTruncatedFramesGiveOnlySyncFormatExceptions() {
        Random rnd = new Random(7);
        SenderDictionary d = new SenderDictionary(EPOCH);
        List<byte[]> bodies = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            byte[] msg = CodecV2.encode(batch(k * 100L, 2 + k, 5 + k), d, null).payload();
            try {
                bodies.add(FrameV2.open(ProtocolV2.INSTANCE.batchTopic("gw-1", "readings"), msg, Envelope.KIND_BATCH, null, false, 1 << 20).body());
            } catch (SyncFormatException e) {
                fail("valid frame: " + e.getMessage());
            }
        }
        bodies.add(new byte[] {8, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, (byte) 0xFF, (byte) 0xFF, 3});
        for (byte[] body : bodies) {
            for (int t = 0; t < 2000; t++) {
                byte[] b = t < body.length ? Arrays.copyOf(body, t) : body.clone();
                if (t >= body.length) for (int f = 0; f < 1 + rnd.nextInt(3); f++) b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                byte[] msg = FrameV2.seal(ProtocolV2.INSTANCE.batchTopic("gw-1", "readings"), Envelope.KIND_BATCH, false, b, null);
                try {
                    CodecV2.decodeBatch("gw-1", "readings", msg, null, false, new DictionaryCache(4));
                } catch (SyncFormatException e) {
                    assertThat(Reject.ALL).contains(e.code());
                } catch (Throwable e) {
                    fail("input " + Arrays.toString(b) + " threw " + e);
                }
                try {
                    CodecV2.decodeAck("gw-1", FrameV2.seal(ProtocolV2.INSTANCE.ackTopic("gw-1"), Envelope.KIND_ACK, false, b, null), null, false);
                } catch (SyncFormatException e) {
                    assertThat(Reject.ALL).contains(e.code());
                } catch (Throwable e) {
                    fail("ack input " + Arrays.toString(b) + " threw " + e);
                }
            }
        }
    }

    @Test
    void theCacheKeepsTwoDictionariesPerStreamAndABoundedNumberOfStreams() throws Exception {
        DictionaryCache rx = new DictionaryCache(3);
        SenderDictionary d = new SenderDictionary(EPOCH);
        byte[] old = CodecV2.encode(batch(0, 1, 2), d, KEY).payload();
        decode(old, rx);
        d.confirm(2);
        byte[] oldRef = CodecV2.encode(batch(2, 1, 2), d, KEY).payload();
        d.renew(); // reconnect: a new id; batches of the old connection still in flight resolve
        decode(CodecV2.encode(batch(4, 1, 2), d, KEY).payload(), rx);
        assertThat(decode(oldRef, rx).records()).hasSize(2);
        for (String gw : List.of("a", "b", "c", "e")) {
            Batch b = Batch.of(gw, 1, "readings", 0, List.of(new SyncRecord(1, "x.y", 1, 1.0, "good")));
            CodecV2.decodeBatch(gw, "readings", CodecV2.encode(b, new SenderDictionary(1), KEY).payload(), KEY, true, rx);
        }
        assertThat(rx.streams()).isEqualTo(3);
        assertThatThrownBy(() -> decode(oldRef, rx)).isInstanceOfSatisfying(SyncFormatException.class,
                e -> assertThat(e.code()).isEqualTo(Reject.UNKNOWN_DICTIONARY));
        // a budget of names in all: the least recently used stream goes first, never the one being resolved
        DictionaryCache small = new DictionaryCache(100, 5);
        for (String gw : List.of("a", "b")) {
            Batch b = Batch.of(gw, 1, "readings", 0, List.of(new SyncRecord(1, "x.y", 1, 1.0, "good"),
                    new SyncRecord(2, "x.z", 1, 1.0, "good"), new SyncRecord(3, "x.w", 1, 1.0, "good")));
            CodecV2.decodeBatch(gw, "readings", CodecV2.encode(b, new SenderDictionary(1), KEY).payload(), KEY, true, small);
        }
        assertThat(small.streams()).isEqualTo(1);
        assertThat(small.names()).isEqualTo(3);
    }
}
