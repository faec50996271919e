package org.ecogate.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** One-shot SQL against a test database (a new connection per call; tests only). */
final class Sql {
    private Sql() {}

    static long scalar(PgProcess pg, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pg.jdbcUrl()); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Like {@link #scalar}, -1 when the query fails (e.g. while the schema is being created). */
    static long scalarQuietly(PgProcess pg, String sql) {
        try {
            return scalar(pg, sql);
        } catch (SQLException e) {
            return -1;
        }
    }
}
