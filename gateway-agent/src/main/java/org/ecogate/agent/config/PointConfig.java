package org.ecogate.agent.config;

/**
 * One point of a device as written in the config (or in an equipment template). {@code address} is either a
 * 0-based number (with {@code table}) or a Modicon reference such as "40001" (table implied, address = reference - 1).
 * {@code length} is a string's size in registers; {@code pointer} is the JSON pointer of a CoAP point in the payload.
 * After loading, every Modbus point has address (0-based, as text), table, type and order filled in.
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
        Double max,
        String pointer) {

    /**
     * Interns the text fields: a big plant repeats the same few names, tables, types, units and addresses tens of
     * thousands of times (200 devices x 128 points kept ~150,000 duplicate strings, a quarter of the 32 MB heap).
     */
    public PointConfig {
        name = intern(name);
        address = intern(address);
        table = intern(table);
        type = intern(type);
        order = intern(order);
        unit = intern(unit);
        pointer = intern(pointer);
    }

    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    /** This point with every field that {@code override} sets replacing ours (a template point overridden by name). */
    public PointConfig mergedWith(PointConfig o) {
        return new PointConfig(name,
                o.address != null ? o.address : address,
                o.table != null ? o.table : o.address != null && o.address.trim().length() >= 5 ? null : table,
                o.type != null ? o.type : type, o.order != null ? o.order : order, o.bit != null ? o.bit : bit,
                o.length != null ? o.length : length, o.scale != null ? o.scale : scale, o.offset != null ? o.offset : offset,
                o.unit != null ? o.unit : unit, o.min != null ? o.min : min, o.max != null ? o.max : max,
                o.pointer != null ? o.pointer : pointer);
    }
}
