package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Doc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening a buffer file: integrity check ({@code PRAGMA quick_check}), moving a corrupt file aside with its -wal
 * and -shm, schema, epoch (strictly above any earlier epoch of this path, even if the clock went back: the last one
 * is also kept in {@code <name>.epoch}), and the clean-shutdown marker. Stateless.
 * Trap: after an unclean stop the sequences are moved forward (see {@link #SEQ_SKIP_AFTER_UNCLEAN}).
 */
final class BufferFile {
    private static final Logger log = LoggerFactory.getLogger(BufferFile.class);
    /**
     * Readings committed at synchronous=NORMAL can vanish on power loss after the uplink already delivered them; if
     * their seq numbers were handed out again, the platform would take the new readings for duplicates. So after
     * an unclean stop the reading sequence skips this many numbers (far more than a bounded WAL can hold).
     */
    static final long SEQ_SKIP_AFTER_UNCLEAN = 10_000_000;
    static final long DOC_SEQ_SKIP_AFTER_UNCLEAN = 100_000;
    /** Page size of a new buffer file (an existing one keeps its own): the smallest wrote the least flash per reading (docs/PERFORMANCE.md). */
    static final int PAGE_SIZE = 512;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** The writer connection of an opened buffer; {@code recreated} is the gap document to store when it was corrupt. */
    record Opened(Connection connection, long epoch, Doc recreated, boolean unclean) {}

    private BufferFile() {}

    static Opened open(Path file, long walLimitBytes, Clock clock) throws SQLException, IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        long lastEpoch = sideEpoch(file);
        long oldEpoch = 0;
        String reason = null;
        String problem = null;
        Path movedTo = null;
        boolean exists = Files.exists(file);
        if (exists && Files.size(file) > 0) {
            List<String> issues = new ArrayList<>();
            long fileEpoch = check(file, issues);
            if (!issues.isEmpty()) {
                reason = GapDocs.CORRUPT;
                problem = summary(issues);
                oldEpoch = fileEpoch > 0 ? fileEpoch : lastEpoch;
            } else if (lastEpoch > 0 && fileEpoch < lastEpoch) {
                reason = GapDocs.FOREIGN;
                problem = fileEpoch == 0 ? "the database holds no ecogate buffer epoch"
                        : "its epoch " + fileEpoch + " is older than this path's last epoch " + lastEpoch + " (a restored or copied file)";
                oldEpoch = lastEpoch;
            }
        } else if (lastEpoch > 0) {
            // The epoch file survived, so a buffer existed here: whatever it held unacknowledged is gone.
            reason = exists ? GapDocs.EMPTY : GapDocs.MISSING;
            problem = exists ? "the database file is empty (0 bytes)" : "the database file is missing";
            oldEpoch = lastEpoch;
        }
        if (reason != null) {
            movedTo = moveAside(file, reason, clock);
            log.error("buffer {} is {} ({}){}; starting a new buffer after epoch {}; the platform gets a buffer_recreated record",
                    file, reason, problem, movedTo == null ? "" : ": moved aside to " + movedTo + " with its -wal/-shm", oldEpoch);
        }
        Connection c = connect(file, walLimitBytes);
        try {
            createSchema(c);
            long epoch = epoch(c, file, clock, oldEpoch);
            boolean unclean = "0".equals(string(c, "SELECT value FROM meta WHERE key='clean'"));
            try (Statement st = c.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                if (unclean) {
                    SqliteWriter.saveSeqMark(c, SqliteWriter.lastReadingSeq(c) + SEQ_SKIP_AFTER_UNCLEAN);
                    st.executeUpdate("UPDATE doc_seq SET last_seq = last_seq + " + DOC_SEQ_SKIP_AFTER_UNCLEAN);
                }
                st.executeUpdate("INSERT INTO meta(key, value) VALUES ('clean', '0') ON CONFLICT(key) DO UPDATE SET value='0'");
                st.execute("COMMIT");
            }
            Doc recreated = reason == null ? null
                    : GapDocs.recreated(reason, oldEpoch, epoch, movedTo == null ? null : movedTo.toString(), problem, clock.millis());
            return new Opened(c, epoch, recreated, unclean);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Opens a connection with the buffer's pragmas (WAL, synchronous=NORMAL, a bounded WAL file, a 512 KiB page cache, no mmap). */
    static Connection connect(Path file, long walLimitBytes) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA page_size=" + PAGE_SIZE); // takes effect only on a new, empty file
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA synchronous=NORMAL");
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("PRAGMA journal_size_limit=" + walLimitBytes);
            st.execute("PRAGMA wal_autocheckpoint=" + Math.max(16, walLimitBytes / 4096));
            st.execute("PRAGMA cache_size=-512"); // 512 KiB page cache per connection (default 2 MB): resident memory
            st.execute("PRAGMA mmap_size=0");     // no memory-mapped reads: the file's pages do not count as resident
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Runs {@code PRAGMA quick_check} on an existing file; adds what is wrong to {@code issues} (empty when sound).
     * Returns the file's epoch when it is still readable, else 0.
     */
    static long check(Path file, List<String> issues) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check(5)")) {
                while (rs.next()) {
                    String r = rs.getString(1);
                    if (!"ok".equals(r)) issues.add(r);
                }
            } catch (SQLException e) {
                if (!isCorruption(e)) throw e;
                issues.add(e.getMessage());
            }
            try {
                String v = string(c, "SELECT value FROM meta WHERE key='epoch'");
                return v == null ? 0 : Long.parseLong(v);
            } catch (SQLException | NumberFormatException e) {
                return 0;
            }
        } catch (SQLException e) {
            if (!isCorruption(e)) throw e;
            issues.add(e.getMessage());
            return 0;
        }
    }

    static boolean isCorruption(SQLException e) {
        int code = e.getErrorCode() & 0xff;
        String m = String.valueOf(e.getMessage());
        return code == 11 || code == 26 || m.contains("SQLITE_CORRUPT") || m.contains("SQLITE_NOTADB") || m.contains("malformed");
    }

    /** Moves the file and its -wal/-shm (those that exist) to {@code <name>.<reason>-<UTC time>}; null if none existed. */
    private static Path moveAside(Path file, String reason, Clock clock) throws IOException {
        String base = file.getFileName() + "." + reason + "-" + STAMP.format(clock.instant());
        Path target = file.resolveSibling(base);
        for (int n = 1; Files.exists(target); n++) target = file.resolveSibling(base + "-" + n);
        boolean moved = false;
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path side = file.resolveSibling(file.getFileName() + suffix);
            if (Files.exists(side)) {
                Files.move(side, target.resolveSibling(target.getFileName() + suffix));
                moved = true;
            }
        }
        return moved ? target : null;
    }

    /**
     * quick_check's findings as one line for the log and the buffer_recreated record: the first finding and how many
     * more (a damaged page can yield hundreds of lines, "*** in database main ***" first).
     */
    static String summary(List<String> issues) {
        List<String> lines = issues.stream().flatMap(String::lines).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("***")).toList();
        if (lines.isEmpty()) return "integrity check failed";
        String first = lines.get(0).length() > 160 ? lines.get(0).substring(0, 160) + "…" : lines.get(0);
        return first + (lines.size() > 1 ? " (and " + (lines.size() - 1) + " more findings of PRAGMA quick_check)" : "");
    }

    /** The last epoch this path had ({@code <name>.epoch}), 0 when there is none or it is unreadable. */
    private static long sideEpoch(Path file) {
        Path side = file.resolveSibling(file.getFileName() + ".epoch");
        try {
            return Files.exists(side) ? Long.parseLong(Files.readString(side).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            log.warn("buffer {}: unreadable {} ({}); new epoch from the clock only", file, side, e.getMessage());
            return 0;
        }
    }

    private static void createSchema(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS point(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
            // readings packed in blocks (ReadingBlocks); seqs assigned by SqliteWriter (no AUTOINCREMENT: its counter
            // page would be rewritten by every commit); a file of the row-per-reading layout is moved into blocks at open
            st.executeUpdate(ReadingBlocks.DDL);
            st.executeUpdate("CREATE TABLE IF NOT EXISTS stream_state(stream TEXT PRIMARY KEY, acked_through INTEGER NOT NULL)");
            // events, gaps and summaries: per-stream sequence from doc_seq (never reused), JSON body
            st.executeUpdate("CREATE TABLE IF NOT EXISTS doc(stream TEXT NOT NULL, seq INTEGER NOT NULL, ts INTEGER NOT NULL, "
                    + "key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(stream, seq)) WITHOUT ROWID");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS doc_ts ON doc(stream, ts)");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS doc_seq(stream TEXT PRIMARY KEY, last_seq INTEGER NOT NULL)");
            st.executeUpdate("INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1')");
        }
    }

    /** The file's epoch; a new file gets one above the clock and above every epoch this path had before. */
    private static long epoch(Connection c, Path file, Clock clock, long oldEpoch) throws SQLException {
        String v = string(c, "SELECT value FROM meta WHERE key='epoch'");
        long epoch;
        if (v != null) {
            epoch = Long.parseLong(v);
            if (epoch == sideEpoch(file)) return epoch;
        } else {
            epoch = Math.max(clock.millis(), Math.max(oldEpoch, sideEpoch(file)) + 1);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("INSERT INTO meta(key, value) VALUES ('epoch', '" + epoch + "')");
            }
        }
        Path side = file.resolveSibling(file.getFileName() + ".epoch");
        try {
            Files.writeString(side, Long.toString(epoch), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            log.warn("buffer {}: cannot write {}: {}", file, side, e.getMessage());
        }
        return epoch;
    }

    private static String string(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
