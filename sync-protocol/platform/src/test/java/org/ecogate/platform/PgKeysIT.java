package org.ecogate.platform;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 24: keys from the table {@code ecogate_gateway_key}: the newest valid key first, the old one accepted until
 * its {@code valid_until} (rotation that survives restarts), none after {@code revoked_at}; a bad row is skipped and
 * named without its key, the others keep working.
 */
class PgKeysIT {
    static final String OLD = "0123456789abcdef0123456789abcdef";
    static final String NEW = "fedcba9876543210fedcba9876543210";

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId z) { return this; }
        @Override public Instant instant() { return now; }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void rotationOverlapRevocationAndABadRowFromTheTable() throws Exception {
        MovableClock clock = new MovableClock();
        try (PgProcess pg = PgProcess.start(); PgConnections pool = new PgConnections(pg.url())) {
            PgKeys keys = new PgKeys(pool, Duration.ofSeconds(10), clock);
            assertThat(keys.keys("gw1")).isEmpty();
            pg.psql("INSERT INTO ecogate_gateway_key (gateway, key, valid_from, valid_until) VALUES "
                    + "('gw1', '" + OLD + "', now() - interval '2 hours', now() + interval '1 hour'), "
                    + "('gw1', '" + NEW + "' || chr(10), now() - interval '1 minute', NULL), "
                    + "('gw2', 'sh0rt-s3cret', now() - interval '1 minute', NULL), "
                    + "('gw3', '" + NEW + "', now() - interval '1 minute', NULL)");
            clock.now = clock.now.plusSeconds(10);
            assertThat(keys.key("gw1")).as("the newest key signs acks").isEqualTo(b(NEW));
            assertThat(keys.keys("gw1")).as("old key inside its overlap").containsExactly(b(NEW), b(OLD));
            assertThat(keys.key("gw2")).isNull();
            assertThat(keys.key("gw3")).isEqualTo(b(NEW));
            assertThat(keys.problems()).hasSize(1).allMatch(p -> p.startsWith("ecogate_gateway_key row (gw2, valid_from ")
                    && p.endsWith(": the key has 12 bytes, at least 16 needed (e.g. openssl rand -hex 32)") && !p.contains("s3cret"));
            clock.now = clock.now.plus(Duration.ofHours(1));
            assertThat(keys.keys("gw1")).as("after valid_until").containsExactly(b(NEW));
            pg.psql("UPDATE ecogate_gateway_key SET revoked_at = now() WHERE gateway = 'gw1'");
            clock.now = clock.now.plusSeconds(10);
            assertThat(keys.keys("gw1")).as("revoked").isEmpty();
            assertThat(keys.key("gw3")).as("the others keep working").isEqualTo(b(NEW));
        }
    }
}
