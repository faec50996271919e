package org.ecogate.agent.cli;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * Library failures said as what to check: j2mod's "Failed to contruct ModbusTCPMaster instance" or a refused
 * connection become "connection refused: check host and port, and that the device is on". Stateless.
 */
final class LinkErrors {
    private LinkErrors() {}

    static String explain(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof UnknownHostException) return "unknown host " + c.getMessage() + ": check the name or use an IP address";
            if (c instanceof ConnectException) return "connection refused: check host and port, and that the device or serial server is on";
            if (c instanceof NoRouteToHostException) return "no route to host: check the network cable and the box's address";
            if (c instanceof SocketTimeoutException) return "timed out: check the unit id, the cabling, and --timeout";
        }
        String m = String.valueOf(e.getMessage());
        if (m.toLowerCase().contains("timed out") || m.toLowerCase().contains("timeout")) return "timed out: check the unit id, the cabling, and --timeout";
        if (m.contains("refused")) return "connection refused: check host and port, and that the device or serial server is on";
        if (m.contains("contruct") || m.contains("construct")) return "cannot connect: check host and port";
        return m;
    }
}
