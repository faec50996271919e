package org.ecogate.platform;

import org.ecogate.sync.GatewayKeys;
import org.ecogate.sync.KeyFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gateway keys from the table {@code ecogate_gateway_key} (gateway, key, valid_from, valid_until, revoked_at), re-read
 * at most every {@code rescan}. Rotation survives restarts: insert the new key, set the old row's {@code valid_until}
 * to the end of the overlap; revocation: set {@code revoked_at} (or delete the rows). The newest valid key signs acks.
 * Thread-safe (immutable snapshot; one caller at a time reloads). Trap: the {@code key} column holds a key file's
 * text (same rule as {@link KeyFile}); bad rows are skipped and listed in {@link #problems()}, never their key.
 */
public final class PgKeys implements GatewayKeys {
    private static final Logger log = LoggerFactory.getLogger(PgKeys.class);

    static final String DDL = """
            CREATE TABLE IF NOT EXISTS ecogate_gateway_key (
              gateway text NOT NULL, key text NOT NULL,
              valid_from timestamptz NOT NULL DEFAULT now(), valid_until timestamptz, revoked_at timestamptz,
              PRIMARY KEY (gateway, valid_from));
            """;

    private record State(Map<String, List<byte[]>> keys, List<String> problems) {}

    private final PgConnections pool;
    private final Duration rescan;
    private final Clock clock;
    private final ReentrantLock loading = new ReentrantLock();
    private volatile State state = new State(Map.of(), List.of());
    private volatile Instant nextLoad = Instant.MIN;

    /** Creates the table if needed and loads it; an unreachable database is an error. */
    public PgKeys(PgConnections pool, Duration rescan, Clock clock) throws SQLException {
        this.pool = pool;
        this.rescan = rescan;
        this.clock = clock;
        Connection c = pool.borrow();
        boolean broken = true;
        try (Statement st = c.createStatement()) {
            st.execute(DDL);
            broken = false;
        } finally {
            pool.release(c, broken);
        }
        reload();
    }

    /** Reads the valid keys now (one query). */
    public void reload() throws SQLException {
        loading.lock();
        try {
            Instant now = clock.instant();
            Map<String, List<byte[]>> m = new HashMap<>();
            List<String> problems = new ArrayList<>();
            Connection c = pool.borrow();
            boolean broken = true;
            try (PreparedStatement ps = c.prepareStatement("SELECT gateway, key, valid_from FROM ecogate_gateway_key "
                    + "WHERE revoked_at IS NULL AND valid_from <= ? AND (valid_until IS NULL OR valid_until > ?) "
                    + "ORDER BY gateway, valid_from DESC")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String gw = rs.getString(1);
                        String where = "ecogate_gateway_key row (" + gw + ", valid_from " + rs.getTimestamp(3).toInstant() + ")";
                        try {
                            GatewayKeys.checkGateway(gw);
                            byte[] k = KeyFile.parse(rs.getString(2).getBytes(StandardCharsets.UTF_8), where);
                            m.computeIfAbsent(gw, g -> new ArrayList<>()).add(k); // never an empty list: key() takes the first
                        } catch (IOException | IllegalArgumentException e) {
                            problems.add(e instanceof IOException ? e.getMessage() : where + ": " + e.getMessage());
                        }
                    }
                }
                broken = false;
            } finally {
                pool.release(c, broken);
            }
            m.replaceAll((g, l) -> List.copyOf(l));
            State s = new State(Map.copyOf(m), List.copyOf(problems));
            if (!s.problems().equals(state.problems()) || s.keys().size() != state.keys().size()) {
                log.info("keys: ecogate_gateway_key: {} gateways{}", s.keys().size(),
                        problems.isEmpty() ? "" : "; skipped " + problems.size() + ": " + String.join("; ", problems));
            }
            state = s;
            nextLoad = now.plus(rescan);
        } finally {
            loading.unlock();
        }
    }

    private State current() {
        if (!clock.instant().isBefore(nextLoad) && loading.tryLock()) {
            try {
                if (!clock.instant().isBefore(nextLoad)) reload();
            } catch (SQLException e) {
                nextLoad = clock.instant().plus(rescan);
                log.debug("keys: reload of ecogate_gateway_key failed ({}); keeping {} gateways' keys", e.getMessage(), state.keys().size());
            } finally {
                loading.unlock();
            }
        }
        return state;
    }

    @Override
    public byte[] key(String gateway) {
        List<byte[]> l = current().keys().get(gateway);
        return l == null ? null : l.get(0);
    }

    @Override
    public List<byte[]> keys(String gateway) {
        List<byte[]> l = current().keys().get(gateway);
        return l == null ? List.of() : l;
    }

    @Override
    public List<String> problems() {
        return current().problems();
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public String toString() {
        return "keys of " + state.keys().size() + " gateways in table ecogate_gateway_key (reload every " + rescan.toSeconds() + " s)";
    }
}
