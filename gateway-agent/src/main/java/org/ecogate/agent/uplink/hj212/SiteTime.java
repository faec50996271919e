package org.ecogate.agent.uplink.hj212;

import java.time.Instant;

/**
 * How a platform's "set the site's time" (1012) reaches the agent: through the agent's clock abstraction, never the
 * system clock. Implementations are thread-safe.
 */
public interface SiteTime {
    /** Applies the platform's time; returns null when applied, else a one-line reason it was refused. */
    String set(Instant platformTime);

    /** The agent cannot take a time from a platform (no settable clock service): every 1012 is refused. */
    SiteTime REFUSE = t -> "this agent's clock cannot be set by a platform (set the time on the box, e.g. with NTP)";
}
