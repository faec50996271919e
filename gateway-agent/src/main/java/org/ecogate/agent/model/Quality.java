package org.ecogate.agent.model;

/**
 * Quality of one reading. A reading that is not GOOD carries no value: a missing value is never
 * replaced by the last good one. The short code is what goes into the buffer and onto the wire.
 */
public enum Quality {
    GOOD("good"),
    COMM_FAULT("comm_fault"),
    OUT_OF_RANGE("out_of_range"),
    CONFIG_ERROR("config_error");

    private final String code;

    Quality(String code) { this.code = code; }

    public String code() { return code; }

    public static Quality fromCode(String code) {
        for (Quality q : values()) if (q.code.equals(code)) return q;
        throw new IllegalArgumentException("unknown quality code: " + code);
    }
}
