package org.ecogate.sim.hj212;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import org.ecogate.hj212.Frame;
import org.ecogate.hj212.Packet;

/**
 * The simulated HJ 212 platform's store: every frame received, good or bad, in table {@code frame}, with no unique
 * key so that a duplicate delivery is visible (count versus distinct by MN, CN, DataTime). Thread-safe
 * (synchronized); autocommit, one row per frame. Trap: a row is written before the 9014 goes out, like a real
 * platform committing before it acknowledges.
 */
public final class FrameStore implements AutoCloseable {
    private final Connection db;
    private final PreparedStatement insert;

    public FrameStore(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new SQLException("cannot create directory for " + file + ": " + e.getMessage(), e);
        }
        db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement st = db.createStatement()) {
            st.execute("PRAGMA journal_mode=WAL");
            st.execute("PRAGMA busy_timeout=5000");
            st.executeUpdate("CREATE TABLE IF NOT EXISTS frame(id INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, "
                    + "peer TEXT, ok INTEGER NOT NULL, problem TEXT, qn TEXT, st TEXT, cn TEXT, mn TEXT, flag INTEGER, "
                    + "pnum INTEGER, pno INTEGER, data_time TEXT, acked INTEGER NOT NULL DEFAULT 0, data TEXT)");
            st.executeUpdate("CREATE INDEX IF NOT EXISTS frame_key ON frame(mn, cn, data_time)");
        }
        insert = db.prepareStatement("INSERT INTO frame(received_at, peer, ok, problem, qn, st, cn, mn, flag, pnum, "
                + "pno, data_time, acked, data) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    }

    /** Stores one checked frame; {@code acked} says whether a 9014 is about to be sent for it. */
    public synchronized void add(long now, String peer, Frame.Check c, boolean acked) throws SQLException {
        Packet p = c.packet();
        insert.setLong(1, now);
        insert.setString(2, peer);
        insert.setInt(3, c.ok() ? 1 : 0);
        insert.setString(4, c.ok() ? null : c.problems().get(0));
        insert.setString(5, p == null ? null : p.qn());
        insert.setString(6, p == null ? null : p.st());
        insert.setString(7, p == null ? null : p.cn());
        insert.setString(8, p == null ? null : p.mn());
        setInt(9, p == null ? null : p.flag());
        setInt(10, p == null ? null : p.pnum());
        setInt(11, p == null ? null : p.pno());
        insert.setString(12, p == null ? null : p.cp().get("DataTime"));
        insert.setInt(13, acked ? 1 : 0);
        insert.setString(14, c.data());
        insert.executeUpdate();
    }

    private void setInt(int i, Integer v) throws SQLException {
        if (v == null) {
            insert.setNull(i, Types.INTEGER);
        } else {
            insert.setInt(i, v);
        }
    }

    /** One number from a query, for tests and the status line. */
    public synchronized long count(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        insert.close();
        db.close();
    }
}
