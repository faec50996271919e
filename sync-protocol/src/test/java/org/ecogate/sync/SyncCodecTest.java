package org.ecogate.sync;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class SyncCodecTest {
    private static Batch sample() {
        return Batch.of("gw-1", 1700000000000L, "readings", 10, List.of(
                new SyncRecord(11, "fan1.freq", 1700000001000L, 49.75, "good"),
                new SyncRecord(12, "fan1.run", 1700000001000L, 1.0, "good"),
                new SyncRecord(14, "esp1.kv", 1700000001000L, null, "comm_fault")));
    }

    @Test
    void batchRoundTripsExactly() throws Exception {
        Batch b = sample();
        Batch back = SyncCodec.decodeBatch(SyncCodec.encode(b));
        assertThat(back).isEqualTo(b);
        assertThat(back.first()).isEqualTo(11);
        assertThat(back.last()).isEqualTo(14);
        assertThat(back.records().get(2).value()).isNull();
    }

    @Test
    void documentRecordsCarryTheirBody() throws Exception {
        String ev = "{\"id\":\"out-tf1-1\",\"type\":\"outage\",\"equipment\":[\"fan1\"]}";
        Batch b = Batch.of("gw-1", 1, "events", 0, List.of(new SyncRecord(1, "out-tf1-1", 5, null, "good", ev)));
        Batch back = SyncCodec.decodeBatch(SyncCodec.encode(b));
        assertThat(back.records().get(0).body()).isEqualTo(ev);
        assertThat(back).isEqualTo(b);
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":null,\"q\":\"good\",\"body\":{}}]}")))
                .hasMessage("batch.records[0].body: not a string");
    }

    @Test
    void ackRoundTripsExactly() throws Exception {
        Ack a = new Ack("gw-1", 5, "readings", 42, Ack.GAP, "batch follows seq 50 but the store holds through 42");
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(a))).isEqualTo(a);
        Ack ok = new Ack("gw-1", 5, "readings", 42, Ack.OK, null);
        assertThat(SyncCodec.decodeAck(SyncCodec.encode(ok))).isEqualTo(ok);
    }

    private static byte[] json(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String HEAD = "{\"v\":0,\"gateway\":\"gw\",\"epoch\":1,\"stream\":\"readings\",\"prev\":0,";

    @Test
    void malformedBatchesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json("{\"v\":0")))
                .isInstanceOf(SyncFormatException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json("[1,2]")))
                .isInstanceOf(SyncFormatException.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"}],\"x\":1}")))
                .hasMessage("batch: unknown field 'x'");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":1,\"last\":2,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"}]}")))
                .hasMessage("batch.records[0].seq: 1 is not batch.last 2");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":\"x\",\"value\":1,\"q\":\"good\"}]}")))
                .hasMessage("batch.records[0].ts: not an integer");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":1,\"last\":1,\"records\":[{\"seq\":1,\"point\":\"a\",\"ts\":1,\"value\":\"1\",\"q\":\"good\"}]}")))
                .hasMessage("batch.records[0].value: not a number or null");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json(HEAD + "\"first\":2,\"last\":3,\"records\":[{\"seq\":3,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"},{\"seq\":3,\"point\":\"a\",\"ts\":1,\"value\":1,\"q\":\"good\"}]}")))
                .hasMessageContaining("batch.records[0].seq: 3 is not batch.first 2");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json("{\"v\":1,\"gateway\":\"gw\"}")))
                .hasMessage("batch.v: unsupported protocol version 1");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(json("{\"v\":0,\"gateway\":\"g/w\",\"epoch\":1,\"stream\":\"r\",\"prev\":0,\"first\":1,\"last\":1,\"records\":[]}")))
                .hasMessage("batch.gateway: invalid name 'g/w'");
        assertThatThrownBy(() -> SyncCodec.decodeBatch(new byte[0])).hasMessage("batch: empty message");
    }

    @Test
    void randomGarbageAndMutationsNeverEscapeAsAnythingButSyncFormatException() {
        Random rnd = new Random(7);
        byte[] good = SyncCodec.encode(sample());
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = good.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) b[rnd.nextInt(b.length)] = (byte) rnd.nextInt(256);
            inputs.add(b);
            byte[] cut = new byte[rnd.nextInt(good.length)];
            System.arraycopy(good, 0, cut, 0, cut.length);
            inputs.add(cut);
            byte[] noise = new byte[rnd.nextInt(200)];
            rnd.nextBytes(noise);
            inputs.add(noise);
        }
        int accepted = 0;
        for (byte[] in : inputs) {
            try {
                Batch b = SyncCodec.decodeBatch(in);
                accepted++;
                // Whatever is accepted is internally consistent.
                assertThat(b.records()).isNotEmpty();
                assertThat(b.records().get(0).seq()).isEqualTo(b.first()).isGreaterThan(b.prev());
                assertThat(b.records().get(b.records().size() - 1).seq()).isEqualTo(b.last());
            } catch (SyncFormatException expected) {
                assertThat(expected.getMessage()).startsWith("batch");
            } catch (RuntimeException e) {
                fail("decoder threw " + e + " for input " + new String(in, StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(accepted).isLessThan(inputs.size());
    }
}
