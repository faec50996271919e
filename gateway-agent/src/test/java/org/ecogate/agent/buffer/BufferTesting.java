package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.buffer.sqlite.ReadingBlocks;
import org.ecogate.agent.model.Reading;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Helpers for buffer tests: cycles of N points, and a look at the file's tables. Queries naming table {@code reading}
 * run against the readings decoded from the reading blocks by the product's decoder ({@link ReadingBlocks}) into a
 * temporary table {@code reading(seq, point_id, ts, value, quality)} of the query's own connection (the file is not written).
 */
public final class BufferTesting {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BufferTesting() {}

    /** One poll cycle of {@code points} readings at time {@code ts}. */
    public static List<Reading> cycle(int points, long ts) {
        List<Reading> out = new ArrayList<>(points);
        for (int i = 0; i < points; i++) out.add(Reading.good("dev" + (i / 10) + ".p" + (i % 10), ts, i + ts % 1000 / 10.0));
        return out;
    }

    /**
     * As {@link #cycle}, with values that have no short decimal form and change every second (8 bytes each in a
     * reading block, like raw sensor noise): for tests that must fill a quota.
     */
    public static List<Reading> noisyCycle(int points, long ts) {
        List<Reading> out = new ArrayList<>(points);
        for (int i = 0; i < points; i++) out.add(Reading.good("dev" + (i / 10) + ".p" + (i % 10), ts, i + Math.PI * ((ts / 1000) % 1000 + 1) / 1000));
        return out;
    }

    private static final Pattern READING_TABLE = Pattern.compile("(?i)\\breading\\b");

    /** The first column of the first row of {@code sql} (0 if none); {@code reading} is the decoded readings, see above. */
    public static long query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            if (READING_TABLE.matcher(sql).find()) decodeReadings(c);
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Fills a temporary table {@code reading(seq, point_id, ts, value, quality)} of {@code c} with every buffered reading. */
    public static void decodeReadings(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA busy_timeout=5000");
            st.execute("CREATE TEMP TABLE IF NOT EXISTS reading(seq INTEGER PRIMARY KEY, point_id INTEGER NOT NULL, "
                    + "ts INTEGER NOT NULL, value REAL, quality INTEGER NOT NULL)");
            st.execute("DELETE FROM temp.reading");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO temp.reading(seq, point_id, ts, value, quality) VALUES (?,?,?,?,?)")) {
            ReadingBlocks.scan(c, 0, (seq, pointId, ts, value, quality) -> {
                ins.setLong(1, seq);
                ins.setLong(2, pointId);
                ins.setLong(3, ts);
                if (value == null) ins.setNull(4, java.sql.Types.REAL);
                else ins.setDouble(4, value);
                ins.setInt(5, quality);
                ins.executeUpdate();
                return true;
            });
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** Every buffered reading of the file as "seq point_id ts value-bits quality", in seq order (either layout). */
    public static List<String> readingRows(Path db) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath())) {
            ReadingBlocks.scan(c, 0, (seq, pointId, ts, value, quality) -> out.add(seq + " " + pointId + " " + ts + " "
                    + (value == null ? "null" : Long.toHexString(Double.doubleToRawLongBits(value))) + " " + quality));
        }
        return out;
    }

    /**
     * {first, last} reading seq of a buffer file: the first still buffered (0 if none) and the last ever committed
     * (the reading blocks and the high-water mark {@code meta.reading_seq}); {0, 0} before the schema exists.
     */
    public static long[] readingSeqs(Connection c) {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT coalesce((SELECT min(first_seq) FROM reading_block), 0), max((SELECT coalesce(max(first_seq + n - 1), 0) "
                        + "FROM reading_block), (SELECT coalesce(max(CAST(value AS INTEGER)), 0) FROM meta WHERE key='reading_seq'))")) {
            return rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : new long[2];
        } catch (SQLException e) {
            return new long[2]; // the schema not created yet, or busy this instant
        }
    }

    /** Bodies of every document of the gaps stream, oldest first. */
    public static List<JsonNode> gaps(Buffer b) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (BufferedRecord r : b.after(Buffer.GAPS, 0, 100_000)) out.add(JSON.readTree(r.doc().body()));
        return out;
    }

    /** Every reading seq still in the buffer, in order. */
    public static List<Long> seqs(Buffer b) throws Exception {
        List<Long> out = new ArrayList<>();
        long after = 0;
        while (true) {
            List<BufferedRecord> page = b.after(Buffer.READINGS, after, 50_000);
            if (page.isEmpty()) return out;
            for (BufferedRecord r : page) out.add(r.seq());
            after = page.get(page.size() - 1).seq();
        }
    }
}
