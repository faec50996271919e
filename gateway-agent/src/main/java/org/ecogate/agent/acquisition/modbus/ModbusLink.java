package org.ecogate.agent.acquisition.modbus;

/**
 * One Modbus connection (a TCP socket, an RTU-over-TCP socket or a serial port) that reads registers of any
 * unit on it. Used by one thread. Implementations check every response: a wrong byte count or a malformed frame
 * is an {@link java.io.IOException}, never a value.
 */
public interface ModbusLink extends AutoCloseable {
    /** Opens the connection; throws if the device or port cannot be reached. */
    void open() throws Exception;

    boolean isOpen();

    /**
     * Reads {@code count} registers (0..65535 each) or bits (0/1) of {@code table} from {@code unit}.
     *
     * @throws ModbusRefusal the device answered with an exception code
     * @throws Exception no valid answer (timeout, broken connection, garbage)
     */
    int[] read(int unit, ModbusPoint.Table table, int start, int count) throws Exception;

    /** Whether a failed read leaves the connection unusable (TCP: a late answer would be taken for the next one). */
    boolean resetAfterFailure();

    /** "127.0.0.1:502", "/dev/ttyUSB0 9600 8N1", for logs. */
    String describe();

    @Override
    void close();
}
