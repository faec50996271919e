package org.ecogate.agent.buffer.sqlite;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferReport;
import org.ecogate.agent.model.Quality;
import org.ecogate.agentstatus.StreamCounters;
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only look into a (possibly running) agent's buffer for technicians: per-stream counters and an export of
 * readings by time range. Never writes, never checks or repairs (the agent does that at start). Not thread-safe.
 * Trap: readings have no time index; an export decodes every reading block once, in seq order.
 */
public final class BufferInspector implements AutoCloseable {
    /** One exported reading. */
    public interface Sink {
        void reading(long seq, long ts, String point, Double value, Quality quality) throws Exception;
    }

    /** One exported document (events, summaries, gaps): its stream, seq, key, time and JSON body. */
    public interface DocSink {
        void doc(String stream, long seq, String key, long ts, String body) throws Exception;
    }

    private static final Quality[] QUALITIES = Quality.values();
    private final Path file;
    private final Connection c;

    public BufferInspector(Path file) throws SQLException {
        if (!Files.exists(file)) throw new SQLException("buffer " + file + " does not exist (has the agent run?)");
        this.file = file;
        SQLiteConfig cfg = new SQLiteConfig();
        cfg.setReadOnly(true);
        cfg.setBusyTimeout(5000);
        this.c = cfg.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    public BufferReport info() throws SQLException {
        List<BufferReport.Stream> streams = new ArrayList<>();
        long rows = 0;
        long oldest = 0;
        for (String s : Buffer.STREAMS) {
            long acked = single("SELECT coalesce(max(acked_through), 0) FROM stream_state WHERE stream=?", s);
            BufferReport.Stream si;
            if (Buffer.READINGS.equals(s)) {
                long last = SqliteWriter.lastReadingSeq(c);
                long[] counts = ReadingBlocks.counts(c, acked);
                si = new BufferReport.Stream(s, counts[0], ReadingBlocks.firstTsAfter(c, 0),
                        new StreamCounters(last, acked, counts[2], ReadingBlocks.firstTsAfter(c, acked)));
            } else {
                long last = single("SELECT coalesce(max(last_seq), 0) FROM doc_seq WHERE stream=?", s);
                si = new BufferReport.Stream(s, single("SELECT count(*) FROM doc WHERE stream=?", s),
                        single("SELECT coalesce(min(ts), 0) FROM doc WHERE stream=?", s),
                        new StreamCounters(last, acked, single("SELECT count(*) FROM doc WHERE stream=? AND seq > ?", s, acked),
                                single("SELECT coalesce(min(ts), 0) FROM doc WHERE stream=? AND seq > ?", s, acked)));
            }
            streams.add(si);
            rows += si.rows();
            if (si.oldestTs() > 0 && (oldest == 0 || si.oldestTs() < oldest)) oldest = si.oldestTs();
        }
        return new BufferReport(file, single("SELECT coalesce((SELECT value FROM meta WHERE key='epoch'), 0)"),
                SqliteBuffer.fileBytes(file), rows, oldest, streams);
    }

    /**
     * Streams readings with {@code fromTs <= ts < toTs} (and of {@code point} when not null) to the sink in seq order;
     * {@code progress} gets the fraction (0..1) of the table scanned now and then. Returns how many were exported.
     */
    public long export(long fromTs, long toTs, String point, Sink sink, java.util.function.DoubleConsumer progress) throws Exception {
        java.util.Map<Long, String> names = pointNames();
        long[] counts = ReadingBlocks.counts(c, 0);
        long firstSeq = Math.max(0, counts[1] - counts[0]);
        long span = Math.max(1, counts[0]);
        long[] n = {0, 0};
        try {
        ReadingBlocks.scan(c, 0, (seq, pointId, ts, value, q) -> {
            if ((++n[1] & 0x3fff) == 0) progress.accept((seq - firstSeq) / (double) span);
            String name = names.get(pointId);
            if (ts < fromTs || ts >= toTs || point != null && !point.equals(name)) return true;
            try {
                sink.reading(seq, ts, name, value, QUALITIES[q]);
            } catch (Exception e) {
                throw new SinkFailure(e);
            }
            n[0]++;
            return true;
        });
        } catch (SinkFailure f) {
            throw (Exception) f.getCause();
        }
        return n[0];
    }

    /** Carries the sink's own exception through the scan. */
    private static final class SinkFailure extends SQLException {
        SinkFailure(Exception cause) {
            super(cause);
        }
    }

    /**
     * The newest reading of each point among the last {@code maxRows} readings (a stopped agent's "values"), in
     * point-name order; the sink gets them one by one.
     */
    public void latest(int maxRows, Sink sink) throws Exception {
        java.util.Map<Long, String> names = pointNames();
        java.util.Map<String, Object[]> seen = new java.util.TreeMap<>();
        ReadingBlocks.scan(c, Math.max(0, SqliteWriter.lastReadingSeq(c) - maxRows), (seq, pointId, ts, value, q) -> {
            seen.put(names.get(pointId), new Object[] {seq, ts, value, QUALITIES[q]});
            return true;
        });
        for (java.util.Map.Entry<String, Object[]> e : seen.entrySet()) {
            Object[] r = e.getValue();
            sink.reading((Long) r[0], (Long) r[1], e.getKey(), (Double) r[2], (Quality) r[3]);
        }
    }

    private java.util.Map<Long, String> pointNames() throws SQLException {
        java.util.Map<Long, String> names = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, name FROM point"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) names.put(rs.getLong(1), rs.getString(2));
        }
        return names;
    }

    /** Streams the documents of {@code stream} with {@code fromTs <= ts < toTs} to the sink in seq order; returns how many. */
    public long docs(String stream, long fromTs, long toTs, DocSink sink) throws Exception {
        long n = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT seq, key, ts, body FROM doc WHERE stream=? AND ts >= ? AND ts < ? ORDER BY seq")) {
            ps.setString(1, stream);
            ps.setLong(2, fromTs);
            ps.setLong(3, toTs);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.doc(stream, rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4));
                    n++;
                }
            }
        }
        return n;
    }

    private long single(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            if (String.valueOf(e.getMessage()).contains("no such table")) return 0;
            throw e;
        }
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
