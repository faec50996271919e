package org.ecogate.agent.buffer;

import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteBufferTest {
    @TempDir
    Path dir;

    @Test
    void cyclesDocsAndDetectorStateSurviveAReopenWithTheSameEpoch() throws Exception {
        Path f = dir.resolve("b.db");
        long epoch;
        try (SqliteBuffer b = SqliteBuffer.open(f)) {
            epoch = b.epoch();
            assertThat(b.append(List.of(Reading.good("fan1.freq", 1000, 49.5),
                    Reading.missing("esp1.kv", 1000, Quality.COMM_FAULT)))).isEqualTo(2);
            b.appendCycle(List.of(Reading.good("fan1.freq", 2000, 49.0)),
                    List.of(new Doc(Buffer.EVENTS, "out-1", 2000, "{\"id\":\"out-1\"}"),
                            new Doc(Buffer.SUMMARIES, "fan1.freq", 0, "{\"kind\":\"minute\"}"),
                            new Doc(Buffer.EVENTS, "out-1", 2500, "{\"id\":\"out-1\",\"status\":\"close\"}")),
                    "{\"state\":1}");
            b.markAcked(Buffer.READINGS, 2);
            b.markAcked(Buffer.READINGS, 1);
        }
        try (SqliteBuffer b = SqliteBuffer.open(f)) {
            assertThat(b.epoch()).isEqualTo(epoch);
            assertThat(b.detectorState()).isEqualTo("{\"state\":1}");
            assertThat(b.ackedThrough(Buffer.READINGS)).as("acks never move backwards").isEqualTo(2);
            List<BufferedRecord> r = b.after(Buffer.READINGS, 0, 10);
            assertThat(r).extracting(BufferedRecord::seq).containsExactly(1L, 2L, 3L);
            assertThat(r.get(1).reading().value()).isNull();
            assertThat(r.get(1).reading().quality()).isEqualTo(Quality.COMM_FAULT);
            List<BufferedRecord> ev = b.after(Buffer.EVENTS, 0, 10);
            assertThat(ev).extracting(BufferedRecord::seq).containsExactly(1L, 2L);
            assertThat(ev.get(1).doc().body()).contains("close");
            assertThat(b.after(Buffer.EVENTS, 1, 10)).hasSize(1);
            assertThat(b.after(Buffer.SUMMARIES, 0, 10)).singleElement().satisfies(x -> assertThat(x.seq()).isEqualTo(1));
            assertThat(b.after(Buffer.EVENTS, 0, 10)).filteredOn(x -> x.doc().ts() >= 2400).hasSize(1);
            BufferStats s = b.stats();
            assertThat(s.backlog()).isEqualTo(1);
            assertThat(s.lastSeq()).isEqualTo(3);
            // the live lane opens above lastSeq: the cheap per-stream value matches the counted ones
            assertThat(b.lastSeq(Buffer.READINGS)).isEqualTo(3);
            assertThat(b.lastSeq(Buffer.EVENTS)).isEqualTo(2).isEqualTo(b.counters(Buffer.EVENTS).lastSeq());
            assertThat(b.lastSeq(Buffer.SUMMARIES)).isEqualTo(1);
            assertThat(b.lastSeq(Buffer.GAPS)).isZero();
        }
    }
}
