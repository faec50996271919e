package org.ecogate.sync;

import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: a receiver on a key directory accepts batches signed with a gateway's old key inside the rotation overlap
 * (and signs its ack with that old key, which the gateway still verifies with), refuses them after it, and refuses
 * every batch of a gateway whose key file was removed (revoked).
 */
class KeyRotationTest {
    static final String OLD = "0123456789abcdef0123456789abcdef";
    static final String NEW = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path dir;

    final List<Ack> acks = new ArrayList<>();

    private List<ReceiverCore.Reply> send(ReceiverCore rx, long prev, long last, String key) {
        List<SyncRecord> rs = new ArrayList<>();
        for (long s = prev + 1; s <= last; s++) rs.add(new SyncRecord(s, "p1", 1_764_000_000_000L + s * 1000, 1.0, "good"));
        return rx.handle(Topics.batch("gw1", "readings"), SyncCodec.encode(Batch.of("gw1", 1, "readings", prev, rs), Encoding.COMPACT,
                key.getBytes(StandardCharsets.UTF_8)));
    }

    private Ack last() {
        return acks.get(acks.size() - 1);
    }

    @Test
    void oldKeyInsideTheOverlapIsAcceptedAfterItRefusedAndARemovedFileRevokes() throws Exception {
        KeyDirectoryTest.TestClock clock = new KeyDirectoryTest.TestClock();
        Path f = dir.resolve("gw1.key");
        Files.writeString(f, OLD + "\n");
        KeyDirectory keys = new KeyDirectory(dir, Duration.ofSeconds(10), Duration.ofHours(1), clock);
        MemorySink sink = new MemorySink();
        ReceiverCore rx = new ReceiverCore(keys, sink);
        rx.ackTap = acks::add;
        send(rx, 0, 5, OLD);
        assertThat(last().status()).isEqualTo(Ack.OK);

        Files.writeString(f, NEW + "\n"); // rotation: the platform gets the new key first
        Files.setLastModifiedTime(f, FileTime.from(clock.instant().plusSeconds(1)));
        clock.advance(Duration.ofSeconds(10));
        List<ReceiverCore.Reply> r = send(rx, 5, 8, OLD); // the gateway still signs with the old key
        assertThat(last().status()).as("old key inside the overlap").isEqualTo(Ack.OK);
        assertThat(last().ackedThrough()).isEqualTo(8);
        assertThat(SyncCodec.decodeAck(r.get(0).payload(), OLD.getBytes(StandardCharsets.UTF_8), true).ackedThrough())
                .as("the ack verifies with the key the gateway signed with").isEqualTo(8);
        r = send(rx, 8, 10, NEW); // the gateway got its new key (SIGHUP or push)
        assertThat(last().status()).isEqualTo(Ack.OK);
        assertThat(SyncCodec.decodeAck(r.get(0).payload(), NEW.getBytes(StandardCharsets.UTF_8), true).ackedThrough()).isEqualTo(10);

        clock.advance(Duration.ofHours(1));
        send(rx, 10, 12, OLD);
        assertThat(last().code()).as("old key after the overlap").isEqualTo(Reject.BAD_MAC);

        Files.delete(f); // revocation
        clock.advance(Duration.ofSeconds(10));
        send(rx, 10, 12, NEW);
        assertThat(last().code()).as("revoked gateway").isEqualTo(Reject.UNKNOWN_GATEWAY);
        assertThat(rx.stats().recordsStored()).isEqualTo(10);
    }
}
