package org.ecogate.agent.config;

import java.time.Duration;
import java.util.List;

/**
 * Early warning on one analysed point: the rolling average over {@code window} compared with the permit
 * {@code limit}. {@code levels} are ascending fractions of the limit (names {@code warn}, {@code alarm});
 * a level is left once the average falls below (fraction - hysteresis) x limit. {@code minSamples}: the fraction of the
 * samples the window expects (by the point's poll interval) the average needs before it is judged.
 */
public record WarningConfig(String point, double limit, Duration window, List<Level> levels, double hysteresis,
                            String facility, double minSamples) {
    public static final Duration DEFAULT_WINDOW = Settings.WARNING_WINDOW.defaultValue();
    public static final double DEFAULT_HYSTERESIS = Settings.WARNING_HYSTERESIS.defaultValue();

    public record Level(String name, double fraction) {}

    public WarningConfig {
        levels = List.copyOf(levels);
    }

    public WarningConfig(String point, double limit, Duration window, List<Level> levels, double hysteresis, String facility) {
        this(point, limit, window, levels, hysteresis, facility, Settings.WARNING_MIN_SAMPLES.defaultValue());
    }
}
