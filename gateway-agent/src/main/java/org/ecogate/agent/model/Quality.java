package org.ecogate.agent.model;

/**
 * Quality of one reading. Only GOOD and TIME_UNTRUSTED readings carry a value: a missing value is never
 * replaced by the last good one. The short code goes onto the wire, the ordinal into the buffer: append new values
 * at the end, never reorder.
 */
public enum Quality {
    GOOD("good"),
    COMM_FAULT("comm_fault"),
    OUT_OF_RANGE("out_of_range"),
    CONFIG_ERROR("config_error"),
    /** A good value read while the wall clock was not trusted: its ts is re-dated by the clock_step that corrects it. */
    TIME_UNTRUSTED("time_untrusted");

    private final String code;

    Quality(String code) { this.code = code; }

    public String code() { return code; }

    /** Whether a reading of this quality carries a value. */
    public boolean hasValue() { return this == GOOD || this == TIME_UNTRUSTED; }

    public static Quality fromCode(String code) {
        for (Quality q : values()) if (q.code.equals(code)) return q;
        throw new IllegalArgumentException("unknown quality code: " + code);
    }
}
