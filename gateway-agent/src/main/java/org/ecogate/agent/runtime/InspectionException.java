package org.ecogate.agent.runtime;

/**
 * A look into an agent's files failed: the message is one line for the user ("buffer X does not exist (has the
 * agent run?)", "cannot read ..."), so commands print it as is and never see SQL or I/O exception types.
 */
public final class InspectionException extends Exception {
    public InspectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
