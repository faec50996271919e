package org.ecogate.agent.config;

import java.time.Duration;
import java.util.Set;

/**
 * Which summaries the detector emits. {@code counters} are cumulative points (e.g. energy kWh) whose minute
 * and hour summaries carry a delta; {@code grace} is how long after its end a window waits for samples of slow
 * devices stamped inside it. Immutable.
 */
public record SummaryConfig(boolean minute, boolean hour, boolean ledger, Set<String> counters, Duration grace) {
    public static final SummaryConfig DEFAULT = new SummaryConfig(Settings.SUMMARIES_MINUTE.defaultValue(),
            Settings.SUMMARIES_HOUR.defaultValue(), Settings.SUMMARIES_LEDGER.defaultValue(), Set.of());

    public SummaryConfig {
        counters = Set.copyOf(counters);
        if (grace == null) grace = Settings.SUMMARIES_GRACE.defaultValue();
    }

    public SummaryConfig(boolean minute, boolean hour, boolean ledger, Set<String> counters) {
        this(minute, hour, ledger, counters, null);
    }
}
