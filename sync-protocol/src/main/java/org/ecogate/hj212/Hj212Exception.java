package org.ecogate.hj212;

/**
 * A frame or data segment that is not well-formed HJ 212; the message names the field and what is wrong with it
 * (one line, fit for a technician). Checked, so that every caller decides what a bad frame costs.
 */
public final class Hj212Exception extends Exception {
    public Hj212Exception(String message) {
        super(message);
    }
}
