package org.ecogate.agent.uplink.sync;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.buffer.TestClock;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Reading;
import org.ecogate.sync.SyncRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;

/**
 * Issue 12: the sender reads the lingering readings once per poll cycle; rows the buffer hands out again are
 * converted once (the same record objects come back), and what comes back is what was buffered, per stream.
 */
class BufferSenderSourceTest {
    @TempDir
    Path dir;

    // issue 12
    @Test
    void repeatedReadsConvertEachRowOnceAndReturnWhatWasBuffered() throws Exception {
        TestClock clock = new TestClock(1_780_000_000_000L);
        try (SqliteBuffer b = SqliteBuffer.open(dir.resolve("s.db"), BufferSettings.retainAll().withClock(clock))) {
            BufferSenderSource src = new BufferSenderSource(b);
            List<Reading> all = new ArrayList<>();
            List<SyncRecord> previous = List.of();
            for (int c = 0; c < 20; c++) {
                List<Reading> cyc = cycle(10, clock.advance(100));
                all.addAll(cyc);
                b.appendCycle(cyc, List.of(new Doc(Buffer.EVENTS, "e" + c, clock.millis(), "{\"n\":" + c + "}")), null);
                assertThat(src.recordsAfter(Buffer.EVENTS, 0, 500)).hasSize(c + 1).last()
                        .extracting(SyncRecord::body).isEqualTo("{\"n\":" + c + "}");
                List<SyncRecord> got = src.recordsAfter(Buffer.READINGS, 0, 150);
                assertThat(got).hasSize(Math.min(150, all.size()));
                for (int i = 0; i < got.size(); i++) {
                    SyncRecord r = got.get(i);
                    assertThat(r.seq()).isEqualTo(i + 1);
                    assertThat(new Reading(r.point(), r.ts(), r.value(), all.get(i).quality())).isEqualTo(all.get(i));
                    assertThat(r.quality()).isEqualTo(all.get(i).quality().code());
                    if (i < previous.size()) assertThat(r).as("row %d converted once", i).isSameAs(previous.get(i));
                }
                previous = got;
            }
        }
    }
}
