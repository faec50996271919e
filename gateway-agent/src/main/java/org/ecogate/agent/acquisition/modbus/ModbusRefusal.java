package org.ecogate.agent.acquisition.modbus;

/** The device answered a request with a Modbus exception response; {@link #code} says why. Immutable. */
public final class ModbusRefusal extends Exception {
    public static final int ILLEGAL_FUNCTION = 1;
    public static final int ILLEGAL_ADDRESS = 2;
    public static final int ILLEGAL_VALUE = 3;
    public static final int DEVICE_FAILURE = 4;
    public static final int ACKNOWLEDGE = 5;
    public static final int BUSY = 6;
    public static final int GATEWAY_PATH = 10;
    public static final int GATEWAY_TARGET = 11;

    private final int code;

    public ModbusRefusal(int code) {
        super(describe(code));
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** 01-03: the request itself is wrong for this device (a configuration error, retrying will not help). */
    public boolean isConfigError() {
        return code == ILLEGAL_FUNCTION || code == ILLEGAL_ADDRESS || code == ILLEGAL_VALUE;
    }

    /** 0A/0B: a gateway could not reach the unit behind it; as good as a timeout of that unit. */
    public boolean isUnreachable() {
        return code == GATEWAY_PATH || code == GATEWAY_TARGET;
    }

    public static String describe(int code) {
        return String.format("exception %02X %s", code, switch (code) {
            case ILLEGAL_FUNCTION -> "illegal function";
            case ILLEGAL_ADDRESS -> "illegal data address";
            case ILLEGAL_VALUE -> "illegal data value";
            case DEVICE_FAILURE -> "server device failure";
            case ACKNOWLEDGE -> "acknowledge (busy with a long command)";
            case BUSY -> "server device busy";
            case GATEWAY_PATH -> "gateway path unavailable";
            case GATEWAY_TARGET -> "gateway target device failed to respond";
            default -> "unknown";
        });
    }
}
