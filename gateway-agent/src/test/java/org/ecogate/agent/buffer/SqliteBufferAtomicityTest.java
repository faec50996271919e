package org.ecogate.agent.buffer;

import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;
import static org.ecogate.agent.buffer.BufferTesting.query;

/**
 * Issue 12, item 2: a poll cycle is one transaction. A real SQLite trigger makes the insert of the cycle's event fail,
 * after its readings were written: nothing of that cycle (readings, its event, the detector state) may be in the
 * file, and once the fault is gone the held cycle arrives whole. A writer that committed the readings before the
 * documents leaves them behind and fails here.
 */
class SqliteBufferAtomicityTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    /** Readings whose (device, ts) groups hold fewer rows than the device's points: half cycles. */
    public static long halfCycles(Path db, int pointsPerCycle) throws Exception {
        return query(db, "SELECT count(*) FROM (SELECT r.ts, substr(p.name, 1, instr(p.name, '.') - 1) AS dev, count(*) AS n "
                + "FROM reading r JOIN point p ON p.id = r.point_id GROUP BY dev, r.ts) WHERE n <> " + pointsPerCycle);
    }

    // issue 12
    @Test
    void aCycleThatFailsHalfwayLeavesNothingAndArrivesWholeLater() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            b.appendCycle(cycle(4, clock.advance(1000)), List.of(), "state-1");
            exec(f, "CREATE TRIGGER fault BEFORE INSERT ON doc WHEN NEW.key = 'e-cycle2' "
                    + "BEGIN SELECT RAISE(ABORT, 'injected fault'); END");
            long ts = clock.advance(1000);
            List<Reading> half = new ArrayList<>(cycle(4, ts));
            half.set(2, Reading.good(half.get(2).point(), ts, 666.0));
            Doc event = new Doc(Buffer.EVENTS, "e-cycle2", ts, "{\"id\":\"e-cycle2\"}");
            b.appendCycle(half, List.of(event), "state-2");

            assertThat(query(f, "SELECT count(*) FROM reading")).as("readings of the failed cycle in the file").isEqualTo(4);
            assertThat(query(f, "SELECT count(*) FROM reading WHERE ts = " + ts)).isZero();
            assertThat(query(f, "SELECT count(*) FROM doc WHERE key = 'e-cycle2'")).as("its event").isZero();
            assertThat(query(f, "SELECT count(*) FROM meta WHERE key = 'detector_state' AND value = 'state-2'")).as("its state").isZero();
            assertThat(halfCycles(f, 4)).isZero();

            exec(f, "DROP TRIGGER fault");
            b.appendCycle(cycle(4, clock.advance(1000)), List.of(), "state-3");
            assertThat(query(f, "SELECT count(*) FROM reading")).as("held cycle written whole, then the next").isEqualTo(12);
            assertThat(query(f, "SELECT count(*) FROM reading WHERE ts = " + ts + " AND value = 666")).isEqualTo(1);
            assertThat(query(f, "SELECT count(*) FROM doc WHERE key = 'e-cycle2'")).isEqualTo(1);
            assertThat(halfCycles(f, 4)).isZero();
        }
    }

    private static void exec(Path f, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f.toAbsolutePath()); Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            st.execute(sql);
        }
    }
}
