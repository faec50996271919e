package org.ecogate.sync.internal.codec;
import org.ecogate.sync.Ack;
import org.ecogate.sync.Batch;
import org.ecogate.sync.Command;
import org.ecogate.sync.Data;

import org.ecogate.sync.Encoding;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.Reject;
import org.ecogate.sync.SyncFormatException;
import org.ecogate.sync.SyncRecord;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.ecogate.sync.Data.KEY;
import static org.ecogate.sync.Data.OTHER_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class SyncCodecTest {

    private static Batch sample() {
        return Batch.of("gw-1", 1700000000000L, "readings", 10, List.of(
                new SyncRecord(11, "fan1.freq", 1700000001000L, 49.75, "good"),
                new SyncRecord(12, "fan1.run", 1700000001000L, 1.0, "good"),
                new SyncRecord(14, "esp1.kv", 1700000001000L, null, "comm_fault")), true);
    }

    private static Batch awkward() {
        double[] vals = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
                Double.MAX_VALUE, 1e300, -1e-300, 123456789012345.0, 9.007199254740993E15, (float) 49.83, 234 * 0.1,
                7 * 0.01, 0.1 + 0.2, Math.PI, (float) Math.E, -17.5, Long.MAX_VALUE, 3.4028235e38};
        List<SyncRecord> rs = new ArrayList<>();
        long seq = 1;
        for (int i = 0; i < vals.length; i++) {
            rs.add(new SyncRecord(seq, "p" + (i % 3), -5000 + i * 7919L, vals[i], i % 4 == 0 ? "out_of_range" : "good",
                    i % 5 == 0 ? "{\"k\":\"é €\",\"i\":" + i + "}" : null));
            seq += 1 + (i % 3);
        }
        return Batch.of("gw-1", -3, "events", 0, rs);
    }

    @Test
    void compactAndJsonRoundTripEveryValueBitForBit() throws Exception {
        for (Batch b : List.of(sample(), awkward(), Batch.of("g", 1, "readings", 0, Data.periodic(1, 1_700_000_000_000L, 30, 100, 1)))) {
            for (Encoding e : Encoding.values()) {
                Batch back = SyncCodec.decodeBatch(SyncCodec.encode(b, e, KEY), KEY, true);
                assertThat(back.historical()).isEqualTo(b.historical());
                assertThat(back.prev()).isEqualTo(b.prev());
                assertThat(back.first()).isEqualTo(b.first());
                assertThat(back.last()).isEqualTo(b.last());
                for (int i = 0; i < b.records().size(); i++) {
                    SyncRecord x = b.records().get(i), y = back.records().get(i);
                    assertThat(y.seq()).isEqualTo(x.seq());
                    assertThat(y.point()).isEqualTo(x.point());
                    assertThat(y.ts()).isEqualTo(x.ts());
                    assertThat(y.quality()).isEqualTo(x.quality());
                    assertThat(y.body()).isEqualTo(x.body());
                    if (e == Encoding.COMPACT) {
                        assertThat(x.value() == null ? null : Double.doubleToRawLongBits(x.value()))
                                .as("value %s of record %d", x.value(), i)
                                .isEqualTo(y.value() == null ? null : Double.doubleToRawLongBits(y.value()));
                    } else if (x.value() != null && Double.isFinite(x.value())) {
                        assertThat(y.value()).isEqualTo(x.value());
                    }
                }
            }
        }
    }

    @Test
    void periodicFloatDataFromAHundredPointsTakesAtMostFourBytesPerReading() throws Exception {
        List<SyncRecord> rs = Data.periodic(1, 1_700_000_000_000L, 50, 100, 3);
        byte[] m = SyncCodec.encode(Batch.of("plant-a-gw1", 1_700_000_000_000L, "readings", 0, rs), Encoding.COMPACT, KEY);
        double perReading = (double) m.length / rs.size();
        assertThat(perReading).as("bytes per reading").isLessThanOrEqualTo(4.0);
        byte[] json = SyncCodec.encode(Batch.of("plant-a-gw1", 1_700_000_000_000L, "readings", 0, rs), Encoding.JSON, KEY);
        assertThat(json.length).isGreaterThan(m.length * 10);
    }

    @Test
    void alteredForgedAndUnsignedFramesAreRejectedWithTheirCode() {
        byte[] good = SyncCodec.encode(sample(), Encoding.COMPACT, KEY);
        byte[] altered = good.clone();
        altered[8] ^= 1;
        assertCode(altered, KEY, true, Reject.BAD_DIGEST);
        // altered and the digest recomputed: only the HMAC catches it
        byte[] body = Arrays.copyOfRange(good, Envelope.HEADER, good.length - 64);
        body[3] ^= 1;
        byte[] redigested = Envelope.seal(good[2], good[3], body, OTHER_KEY);
        assertCode(redigested, KEY, true, Reject.BAD_MAC);
        assertCode(SyncCodec.encode(sample(), Encoding.JSON, OTHER_KEY), KEY, true, Reject.BAD_MAC);
        assertCode(SyncCodec.encode(sample(), Encoding.JSON, null), KEY, true, Reject.UNSIGNED);
        byte[] v2 = good.clone();
        v2[1] = 2;
        assertCode(v2, KEY, true, Reject.UNSUPPORTED);
        assertCode("{\"v\":1}".getBytes(StandardCharsets.UTF_8), KEY, true, Reject.MALFORMED);
        assertCode(new byte[0], KEY, true, Reject.MALFORMED);
        // an ack signed with another key is refused by the sender side
        assertThatThrownBy(() -> SyncCodec.decodeAck(SyncCodec.encode(new Ack("g", 1, "s", 5, Ack.OK, null), OTHER_KEY), KEY, true))
                .isInstanceOf(SyncFormatException.class).extracting("code").isEqualTo(Reject.BAD_MAC);
    }

    private static void assertCode(byte[] msg, byte[] key, boolean require, String code) {
        assertThatThrownBy(() -> SyncCodec.decodeBatch(msg, key, require)).isInstanceOf(SyncFormatException.class)
                .extracting("code").isEqualTo(code);
    }

    @Test
    void ackStatusAndCommandRoundTrip() throws Exception {
        Ack a = new Ack("gw-1", 5, "readings", 42, Ack.REJECTED, "batch.first: bad", Reject.MALFORMED);
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(a, KEY), KEY, true)).isEqualTo(a);
        Ack ok = new Ack("gw-1", 5, "readings", 42, Ack.OK, null);
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(ok))).isEqualTo(ok);
        GatewayStatus s = new GatewayStatus("gw-1", GatewayStatus.STATUS, 99, 5, true,
                List.of(new GatewayStatus.StreamStatus("readings", 10, 20, 10, 1234)), null, null);
        assertThat(SyncCodec.decodeStatus(SyncCodec.encode(s, KEY), KEY, true)).isEqualTo(s);
        Command c = new Command("gw-1", "r-1", Command.RESEND, 5, "readings", 3, 9);
        assertThat(SyncCodec.decodeCommand(SyncCodec.encode(c, KEY), KEY, true)).isEqualTo(c);
        assertThatThrownBy(() -> SyncCodec.decodeCommand(SyncCodec.encode(new Command("gw-1", "r", Command.RESEND, 5, "r", 9, 3), null), null, false))
                .hasMessageContaining("range");
    }

    @Test
    void aConfigCommandCarriesItsBodyUnderTheSignatureAndOnlyItCarriesOne() throws Exception {
        Command c = Command.config("gw-1", "c-1", "gateway: gw-1\ndevices: []\n");
        assertThat(SyncCodec.decodeCommand(SyncCodec.encode(c, KEY), KEY, true)).isEqualTo(c);
        byte[] msg = SyncCodec.encode(c, KEY);
        String text = new String(msg, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("gw-1\\ndevices");
        assertThat(at).isPositive();
        msg[at + 3] = '2'; // the body changed in transit: the HMAC no longer matches
        byte[] tampered = msg;
        assertThatThrownBy(() -> SyncCodec.decodeCommand(tampered, KEY, true)).isInstanceOf(SyncFormatException.class);
        assertThatThrownBy(() -> SyncCodec.decodeCommand(SyncCodec.encode(c, OTHER_KEY), KEY, true)).isInstanceOf(SyncFormatException.class);
        assertThatThrownBy(() -> SyncCodec.decodeCommand(SyncCodec.encode(
                new Command("gw-1", "c", Command.CONFIG, 0, "config", 0, 0, null), null), null, false)).hasMessageContaining("command.body");
        assertThatThrownBy(() -> SyncCodec.decodeCommand(SyncCodec.encode(
                new Command("gw-1", "r", Command.RESEND, 5, "readings", 1, 2, "x"), null), null, false)).hasMessageContaining("command.body");
        String big = "#".repeat(Command.MAX_BODY + 1);
        assertThatThrownBy(() -> SyncCodec.decodeCommand(SyncCodec.encode(Command.config("gw-1", "c", big), null), null, false))
                .hasMessageContaining("command.body");
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String HEAD = "{\"v\":1,\"gateway\":\"gw\",\"epoch\":1,\"stream\":\"readings\",\"historical\":false,\"prev\":0,";

    @Test
    void malformedJsonBodiesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json("{\"v\":1"))).hasMessageStartingWith("batch: not valid JSON");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json("[1,2]"))).hasMessage("batch: not a JSON object");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"}],\"x\":1}")))
                .hasMessage("batch: unknown field 'x'");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json(HEAD + "\"first\":1,\"last\":2,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"}]}")))
                .hasMessage("batch.records[0].seq: 1 is not batch.last 2");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":\"x\",\"value\":1,\"q\":\"good\"}]}")))
                .hasMessage("batch.records[0].ts: not an integer");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":null,\"q\":\"good\",\"body\":{}}]}")))
                .hasMessage("batch.records[0].body: not a string");
        assertThatThrownBy(() -> SyncCodec.decodeJsonBody(json("{\"v\":0,\"gateway\":\"gw\"}")))
                .hasMessage("batch.v: unsupported protocol version 0");
    }

    @Test
    void mutatedAndRandomBodiesBehindAValidDigestNeverEscapeAsAnythingButSyncFormatException() {
        Random rnd = new Random(7);
        List<byte[]> seeds = new ArrayList<>();
        for (Batch b : List.of(sample(), awkward(), Batch.of("g", 1, "readings", 0, Data.periodic(1, 0, 3, 20, 2)))) {
            seeds.add(ColumnarCodec.encode(b));
            seeds.add(Wire.deflate(ColumnarCodec.encode(b), 6));
            seeds.add(SyncCodec.jsonBody(b));
        }
        byte[] cts = {Envelope.CT_COLUMNAR, Envelope.CT_COLUMNAR_DEFLATE, Envelope.CT_JSON};
        int accepted = 0, total = 0;
        for (int i = 0; i < 20_000; i++) {
            int s = rnd.nextInt(seeds.size());
            byte[] b = seeds.get(s).clone();
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    int flips = 1 + rnd.nextInt(4);
                    for (int f = 0; f < flips; f++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
                }
                case 1 -> b = Arrays.copyOf(b, rnd.nextInt(b.length));
                case 2 -> {
                    b = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(b);
                }
                default -> b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
            }
            byte[] msg = Envelope.seal(Envelope.KIND_BATCH, cts[s % 3], b, null);
            total++;
            try {
                Batch d = SyncCodec.decodeBatch(msg);
                accepted++;
                assertThat(d.records()).isNotEmpty();
                assertThat(d.records().get(0).seq()).isEqualTo(d.first()).isGreaterThan(d.prev());
                assertThat(d.records().get(d.records().size() - 1).seq()).isEqualTo(d.last());
            } catch (SyncFormatException expected) {
                assertThat(Reject.ALL).contains(expected.code());
            } catch (Throwable e) {
                fail("decoder threw " + e + " for seed " + s);
            }
        }
        assertThat(accepted).isLessThan(total / 2);
    }
}
