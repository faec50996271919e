package org.ecogate.agent.buffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.model.Reading;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Helpers for buffer tests: cycles of N points, and a read-only look at the file's tables. */
public final class BufferTesting {
    private static final ObjectMapper JSON = new ObjectMapper();

    private BufferTesting() {}

    /** One poll cycle of {@code points} readings at time {@code ts}. */
    public static List<Reading> cycle(int points, long ts) {
        List<Reading> out = new ArrayList<>(points);
        for (int i = 0; i < points; i++) out.add(Reading.good("dev" + (i / 10) + ".p" + (i % 10), ts, i + ts % 1000 / 10.0));
        return out;
    }

    public static long query(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db.toAbsolutePath());
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
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
