package org.ecogate.platform;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A tiny pool of PostgreSQL connections (one per receiver worker is all the service needs; no pool library). A
 * connection that failed is closed instead of returned, so the next borrow reconnects: a restarted PostgreSQL is
 * picked up without restarting the receiver. Thread-safe. Trap: the password comes from the URL or the
 * {@code PGPASSWORD} environment variable and is never logged ({@link #toString()} hides it).
 */
public final class PgConnections implements AutoCloseable {
    private final String jdbcUrl;
    private final Properties props = new Properties();
    private final String shown;
    private final LinkedBlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    /** {@code postgresql://user:password@host:port/db} (libpq style) or {@code jdbc:postgresql://...}. */
    public PgConnections(String url) {
        if (url == null || url.isBlank()) throw new IllegalArgumentException("database URL is empty");
        if (url.startsWith("jdbc:postgresql:")) {
            jdbcUrl = url;
            shown = url.replaceAll("password=[^&]*", "password=***");
        } else if (url.startsWith("postgresql://") || url.startsWith("postgres://")) {
            URI u;
            try {
                u = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("database URL '" + url.replaceAll(":[^:@/]*@", ":***@") + "' is not a URL: " + e.getMessage());
            }
            if (u.getHost() == null) throw new IllegalArgumentException("database URL '" + url + "' names no host");
            String db = u.getPath() == null || u.getPath().length() <= 1 ? "postgres" : u.getPath().substring(1);
            jdbcUrl = "jdbc:postgresql://" + u.getHost() + ":" + (u.getPort() < 0 ? 5432 : u.getPort()) + "/" + db
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
            String info = u.getRawUserInfo();
            if (info != null) {
                int colon = info.indexOf(':');
                props.setProperty("user", decode(colon < 0 ? info : info.substring(0, colon)));
                if (colon >= 0) props.setProperty("password", decode(info.substring(colon + 1)));
            }
            shown = "postgresql://" + (info == null ? "" : props.getProperty("user") + "@") + u.getHost() + ":"
                    + (u.getPort() < 0 ? 5432 : u.getPort()) + "/" + db;
        } else {
            throw new IllegalArgumentException("database URL '" + url + "' must start with postgresql:// or jdbc:postgresql:");
        }
        String env = System.getenv("PGPASSWORD");
        if (!props.containsKey("password") && env != null) props.setProperty("password", env);
        props.setProperty("ApplicationName", "ecogate-receiver");
        props.setProperty("connectTimeout", "5");
        props.setProperty("socketTimeout", "60");
        props.setProperty("tcpKeepAlive", "true");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** An open connection in autocommit mode; give it back with {@link #release}. */
    public Connection borrow() throws SQLException {
        if (closed) throw new SQLException("connection pool closed");
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            if (!c.isClosed()) return c;
        }
        return DriverManager.getConnection(jdbcUrl, props);
    }

    /** Returns {@code c}; {@code broken}: something failed on it, close it (the next borrow reconnects). */
    public void release(Connection c, boolean broken) {
        if (c == null) return;
        try {
            if (broken || closed || c.isClosed()) {
                c.close();
                return;
            }
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            idle.offerFirst(c);
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public String toString() {
        return shown;
    }
}
