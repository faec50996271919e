package org.ecogate.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * Early warning on one analysed point: the rolling average over {@code window} compared with the permit
 * {@code limit}. {@code levels} are ascending fractions of the limit (names {@code warn}, {@code alarm});
 * a level is left once the average falls below (fraction - hysteresis) x limit.
 */
public record WarningConfig(String point, double limit, Duration window, List<Level> levels, double hysteresis,
                            String facility) {
    public static final Duration DEFAULT_WINDOW = Settings.WARNING_WINDOW.defaultValue();
    public static final double DEFAULT_HYSTERESIS = Settings.WARNING_HYSTERESIS.defaultValue();

    public record Level(String name, double fraction) {}

    public WarningConfig {
        levels = List.copyOf(levels);
    }
}
