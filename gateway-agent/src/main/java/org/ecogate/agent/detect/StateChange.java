package org.ecogate.agent.detect;

/**
 * A committed change of an equipment's state. {@code at} is when the new state really began (the first
 * sample that showed it, before the debounce confirmed it), so it can be earlier than the cycle reporting it.
 */
public record StateChange(String equipment, EquipmentState from, EquipmentState to, long at) {}
