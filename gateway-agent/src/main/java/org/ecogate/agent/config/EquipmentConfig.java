package org.ecogate.agent.config;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * One piece of equipment whose state is derived from its points. {@code running} decides RUNNING vs STOPPED;
 * {@code abnormal} (may be null) turns RUNNING into ABNORMAL. {@code template} is informative once parsed:
 * its defaults are already merged into the rules. {@code members}: the points whose values belong to this equipment
 * (their HJ 212 flag follows its state) when the config lists them ({@code points:}); null: every point of the devices
 * its rules read ({@link DetectionConfig#pointEquipment}).
 */
public record EquipmentConfig(String id, String template, Role role, Duration debounce, Duration offlineAfter,
                              Rule running, Rule abnormal, java.util.List<String> members) {
    public enum Role { TREATMENT, PRODUCTION }

    public static final Duration DEFAULT_DEBOUNCE = Settings.EQUIPMENT_DEBOUNCE.defaultValue();
    public static final Duration DEFAULT_OFFLINE_AFTER = Settings.EQUIPMENT_OFFLINE_AFTER.defaultValue();

    public EquipmentConfig {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(debounce, "debounce");
        Objects.requireNonNull(offlineAfter, "offlineAfter");
        Objects.requireNonNull(running, "running");
        if (members != null) members = java.util.List.copyOf(members);
    }

    public EquipmentConfig(String id, String template, Role role, Duration debounce, Duration offlineAfter, Rule running, Rule abnormal) {
        this(id, template, role, debounce, offlineAfter, running, abnormal, null);
    }

    /** Point ids the rules read. */
    public Set<String> points() {
        Set<String> s = new LinkedHashSet<>();
        running.collectPoints(s);
        if (abnormal != null) abnormal.collectPoints(s);
        return s;
    }
}
