package org.ecogate.agent.config;

import java.util.Set;

/**
 * Which summaries the detector emits. {@code counters} are cumulative points (e.g. energy kWh) whose minute
 * and hour summaries carry a delta.
 */
public record SummaryConfig(boolean minute, boolean hour, boolean ledger, Set<String> counters) {
    public static final SummaryConfig DEFAULT = new SummaryConfig(Settings.SUMMARIES_MINUTE.defaultValue(),
            Settings.SUMMARIES_HOUR.defaultValue(), Settings.SUMMARIES_LEDGER.defaultValue(), Set.of());

    public SummaryConfig {
        counters = Set.copyOf(counters);
    }
}
