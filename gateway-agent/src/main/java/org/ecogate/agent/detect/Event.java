package org.ecogate.agent.detect;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One emission of a detection event (outage, data_gap, warning). The same {@code id} is emitted with status
 * {@code open}, then {@code update} when its equipment (or warning level) changes, then {@code close}.
 * {@code start}/{@code end} are when it really began/ended (backdated past debounce and grace);
 * {@code emittedAt} is the cycle that reported it. {@code end} is null while open. Immutable.
 */
public record Event(String id, String type, String facility, String status, long start, Long end,
                    long durationSeconds, List<String> equipment, Map<String, String> equipmentStates,
                    String level, String point, Double value, long emittedAt) {

    public static final String OUTAGE = "outage";
    public static final String DATA_GAP = "data_gap";
    public static final String WARNING = "warning";
    public static final String OPEN = "open";
    public static final String UPDATE = "update";
    public static final String CLOSE = "close";

    public Event {
        equipment = List.copyOf(equipment);
        equipmentStates = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(equipmentStates));
    }

    public boolean isOpen() {
        return end == null;
    }
}
