package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.Doc;
import org.ecogate.agent.buffer.TestClock;
import org.ecogate.agent.model.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Function;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ecogate.agent.buffer.BufferTesting.cycle;
import static org.ecogate.agent.buffer.BufferTesting.query;

/**
 * Issue 12, item 3: power cuts at the file level. The writer's synchronous level is read back from its own
 * connection (FULL for a transaction with an event or gap record, NORMAL for readings, as docs/BUFFER.md says).
 * Then a crash image is taken in the middle of a large transaction (a real SQLite trigger calls a function that
 * copies the database and WAL files while the transaction is open), and a power-cut image drops the WAL after the
 * last FULL commit (what `synchronous=FULL` has synced) and tears the next frame. Both must open cleanly, hold the
 * committed event and nothing of the open transaction.
 */
class PowerCutTest {
    private static final long T0 = 1_780_000_000_000L;

    @TempDir
    Path dir;

    private static int synchronous(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); java.sql.ResultSet rs = st.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1); // 1 = NORMAL, 2 = FULL
        }
    }

    // issue 12
    @Test
    void eventsAndGapsCommitAtFullReadingsAtNormal() throws Exception {
        Path f = dir.resolve("b.db");
        TestClock clock = new TestClock(T0);
        BufferFile.Opened o = BufferFile.open(f, 4 << 20, clock);
        try (SqliteWriter w = new SqliteWriter(f, o.connection())) {
            w.writeCycle(cycle(10, clock.advance(1000)), List.of(), null, 0);
            assertThat(synchronous(w.c)).as("readings only").isEqualTo(1);
            w.writeCycle(cycle(10, clock.advance(1000)), List.of(new Doc(Buffer.EVENTS, "e1", clock.millis(), "{}")), null, 0);
            assertThat(synchronous(w.c)).as("with an event").isEqualTo(2);
            w.writeCycle(cycle(10, clock.advance(1000)), List.of(new Doc(Buffer.SUMMARIES, "s1", clock.millis(), "{}")), null, 0);
            assertThat(synchronous(w.c)).as("with a summary").isEqualTo(1);
            w.writeCycle(List.of(), List.of(new Doc(Buffer.GAPS, "g1", clock.millis(), "{}")), null, 0);
            assertThat(synchronous(w.c)).as("with a gap record").isEqualTo(2);
        }
    }

    // issue 12
    @Test
    void aCommittedEventSurvivesACrashImageMidTransactionAndAPowerCutImage() throws Exception {
        Path f = dir.resolve("b.db");
        Path wal = dir.resolve("b.db-wal");
        Path crash = Files.createDirectories(dir.resolve("crash"));
        TestClock clock = new TestClock(T0);
        long walAfterEvent;
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            for (int i = 0; i < 20; i++) b.appendCycle(cycle(10, clock.advance(1000)), List.of(), null);
            b.appendCycle(cycle(10, clock.advance(1000)), List.of(new Doc(Buffer.EVENTS, "outage-1", clock.millis(),
                    "{\"id\":\"outage-1\"}")), "state-with-outage");
            walAfterEvent = Files.size(wal); // synced through here: the event's transaction ran at FULL
            for (int i = 0; i < 5; i++) b.appendCycle(cycle(10, clock.advance(1000)), List.of(), null); // NORMAL: unsynced
            long committed = query(f, "SELECT count(*) FROM reading");
            assertThat(committed).isEqualTo(260);

            // a big cycle; at the block holding its 20,000th reading a trigger copies db + WAL (the transaction is open, pages spilled)
            long seq777 = b.lastSeq(Buffer.READINGS) + 20_001;
            Connection wc = writerConnection(b);
            Function.create(wc, "crash_image", new Function() {
                @Override
                protected void xFunc() throws SQLException {
                    try {
                        Files.copy(f, crash.resolve("b.db"), StandardCopyOption.REPLACE_EXISTING);
                        Files.copy(wal, crash.resolve("b.db-wal"), StandardCopyOption.REPLACE_EXISTING);
                    } catch (IOException e) {
                        throw new SQLException(e);
                    }
                    result(0);
                }
            });
            try (Statement st = wc.createStatement()) {
                st.execute("CREATE TRIGGER crash AFTER INSERT ON reading_block WHEN NEW.first_seq <= " + seq777
                        + " AND NEW.first_seq + NEW.n > " + seq777 + " BEGIN SELECT crash_image(); END");
            }
            wc.commit();
            long ts = clock.advance(1000);
            List<Reading> big = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) big.add(Reading.good("big.p" + i, ts, i == 20_000 ? 777.0 : i));
            b.appendCycle(big, List.of(), null);
            assertThat(Files.exists(crash.resolve("b.db-wal"))).as("the trigger took the image").isTrue();
            assertThat(Files.size(crash.resolve("b.db-wal"))).as("uncommitted frames in the image's WAL").isGreaterThan(Files.size(wal) / 2);

            // crash image (process killed mid-transaction, OS kept every write): all commits, nothing of the open one
            Path image = copyImage(crash, dir.resolve("image-crash"));
            assertSound(image, "crash image");
            assertThat(query(image, "SELECT count(*) FROM reading")).isEqualTo(committed);

            // power cut: only what FULL synced survives; the WAL after the event's commit is lost, the next frame torn
            Path cut = copyImage(crash, dir.resolve("image-power"));
            Path cutWal = cut.resolveSibling("b.db-wal");
            try (RandomAccessFile raf = new RandomAccessFile(cutWal.toFile(), "rw")) {
                byte[] torn = new byte[300];
                raf.seek(walAfterEvent);
                raf.readFully(torn); // the first 300 bytes of the next frame (24 + 512 bytes) made it, the rest did not
                raf.setLength(walAfterEvent);
                raf.seek(walAfterEvent);
                raf.write(torn);
            }
            assertSound(cut, "power-cut image");
            assertThat(query(cut, "SELECT count(*) FROM reading")).as("readings up to the event's commit").isEqualTo(210);
            assertThat(query(cut, "SELECT count(*) FROM meta WHERE key='detector_state' AND value='state-with-outage'")).isEqualTo(1);
            // the agent restarts on the power-cut image: event still there, unclean start skips the reading seqs
            try (SqliteBuffer after = SqliteBuffer.open(cut, BufferSettings.retainAll().withClock(clock))) {
                assertThat(after.after(Buffer.EVENTS, 0, 10)).extracting(r -> r.doc().key()).containsExactly("outage-1");
                assertThat(after.appendCycle(cycle(1, clock.advance(1000)), List.of(), null)).isGreaterThan(10_000_000L);
            }
        }
    }

    /**
     * Issue 21: readings of several cycles wait in memory at most commitEvery and then share ONE transaction, durable
     * (FULL) when syncEvery has passed; an event commits at once with everything held before it. A power-cut image
     * taken right after the grouped commit (only what was synced) holds every reading of the group.
     */
    @Test
    void groupedReadingsCommitTogetherWithinCommitEveryDurablyAndAnEventCommitsAtOnce() throws Exception {
        Path f = dir.resolve("g.db");
        TestClock clock = new TestClock(T0);
        BufferSettings grouped = BufferSettings.retainAll().withClock(clock)
                .withCommitEvery(java.time.Duration.ofMillis(200)).withSyncEvery(java.time.Duration.ofMillis(200));
        try (SqliteBuffer b = SqliteBuffer.open(f, grouped)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 5; i++) assertThat(b.appendCycle(cycle(10, clock.advance(250)), List.of(), null)).isZero();
            assertThat(query(f, "SELECT count(*) FROM reading")).as("held in memory: what a kill now loses").isZero();
            assertThat(b.lastSeq(Buffer.READINGS)).as("nothing visible to the uplink before the commit").isZero();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (query(f, "SELECT count(*) FROM reading") == 0 && System.nanoTime() < deadline) Thread.sleep(20);
            long waitedMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(query(f, "SELECT count(*) FROM reading")).as("all five cycles in one commit").isEqualTo(50);
            assertThat(waitedMs).as("committed about commitEvery after the first held cycle").isGreaterThanOrEqualTo(150);
            assertThat(synchronous(writerConnection(b))).as("the grouped commit was durable (syncEvery passed)").isEqualTo(2);
            Path image = copyImage(f, dir.resolve("image-grouped"), "g.db");
            assertThat(query(image, "SELECT count(*) FROM reading")).as("power-cut image after the grouped commit").isEqualTo(50);

            b.appendCycle(cycle(10, clock.advance(250)), List.of(), null);
            b.appendCycle(cycle(10, clock.advance(250)), List.of(new Doc(Buffer.EVENTS, "outage-2", clock.millis(), "{}")), "s");
            assertThat(query(f, "SELECT count(*) FROM reading")).as("the event's commit took the held cycle along").isEqualTo(70);
            assertThat(synchronous(writerConnection(b))).as("at FULL").isEqualTo(2);
        }
    }

    @Test
    void readingSeqsAreNeverReusedAfterEveryReadingWasFreed() throws Exception {
        Path f = dir.resolve("s.db");
        TestClock clock = new TestClock(T0);
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock).withKeepAcked(java.time.Duration.ZERO))) {
            assertThat(b.append(cycle(10, clock.advance(1000)))).isEqualTo(10);
            b.markAcked(Buffer.READINGS, 10);
            assertThat(query(f, "SELECT count(*) FROM reading")).as("all freed").isZero();
        }
        try (SqliteBuffer b = SqliteBuffer.open(f, BufferSettings.retainAll().withClock(clock))) {
            assertThat(b.append(cycle(1, clock.advance(1000)))).as("after a clean restart with an empty table").isEqualTo(11);
        }
    }

    private static Path copyImage(Path db, Path to, String name) throws IOException {
        Files.createDirectories(to);
        Files.copy(db, to.resolve(name));
        Path wal = db.resolveSibling(name + "-wal");
        if (Files.exists(wal)) Files.copy(wal, to.resolve(name + "-wal"));
        return to.resolve(name);
    }

    private static void assertSound(Path db, String what) throws Exception {
        assertThat(query(db, "PRAGMA quick_check")).as("%s quick_check ('ok' reads as 0)", what).isZero();
        assertThat(query(db, "SELECT count(*) FROM doc WHERE stream='events' AND key='outage-1'")).as("%s: the event", what).isEqualTo(1);
        assertThat(query(db, "SELECT count(*) FROM reading r JOIN point p ON p.id = r.point_id WHERE p.name LIKE 'big.%'"))
                .as("%s: nothing of the open transaction", what).isZero();
    }

    private static Path copyImage(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.copy(from.resolve("b.db"), to.resolve("b.db"));
        Files.copy(from.resolve("b.db-wal"), to.resolve("b.db-wal"));
        return to.resolve("b.db");
    }

    private static Connection writerConnection(SqliteBuffer b) throws Exception {
        java.lang.reflect.Field w = SqliteBuffer.class.getDeclaredField("writer");
        w.setAccessible(true);
        return ((SqliteWriter) w.get(b)).c;
    }
}
