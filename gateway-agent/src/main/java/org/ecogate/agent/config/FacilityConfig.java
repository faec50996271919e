package org.ecogate.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * A treatment facility: the treatment equipment it needs ({@code equipment}, all required) and the production
 * units it serves ({@code production}; empty = production always counts as running). An outage opens once the
 * violation has lasted {@code grace}.
 */
public record FacilityConfig(String id, List<String> equipment, List<String> production, java.time.Duration grace) {
    public static final Duration DEFAULT_GRACE = Settings.FACILITY_GRACE.defaultValue();

    public FacilityConfig {
        equipment = List.copyOf(equipment);
        production = List.copyOf(production);
    }
}
