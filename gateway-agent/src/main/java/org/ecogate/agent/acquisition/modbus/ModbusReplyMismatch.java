package org.ecogate.agent.acquisition.modbus;

/**
 * A reply that is a well-formed frame but not the answer to our request: another unit id, function code or
 * transaction id, or a byte count that does not fit the request. Treated as a communication fault (never as data),
 * and the connection is reset because the stream may be out of step. Immutable.
 */
public final class ModbusReplyMismatch extends Exception {
    private static final long serialVersionUID = 1L;

    public ModbusReplyMismatch(String what) {
        super("invalid reply: " + what);
    }
}
