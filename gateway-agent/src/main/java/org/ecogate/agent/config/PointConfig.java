package org.ecogate.agent.config;

/**
 * One point of a device as written in the config. {@code address} is either a 0-based number (with
 * {@code table}) or a Modicon reference such as "40001" (table implied, address = reference - 1).
 */
public record PointConfig(
        String name,
        String address,
        String table,
        String type,
        String order,
        Integer bit,
        Integer length,
        Double scale,
        Double offset,
        String unit,
        Double min,
        Double max) {
}
