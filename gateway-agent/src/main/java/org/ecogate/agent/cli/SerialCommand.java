package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.runtime.SerialPorts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code ecogate serial list}: the serial ports of this box, for Modbus RTU devices. */
@Command(mixinStandardHelpOptions = true, name = "serial", description = "Serial ports of this box (for modbus-rtu devices).",
        subcommands = {SerialCommand.ListPorts.class})
final class SerialCommand {
    @Command(mixinStandardHelpOptions = true, name = "list", description = "List the serial ports: path, stable by-id name, description, access.")
    static final class ListPorts implements Callable<Integer> {
        @Option(names = "--json", description = "print JSON")
        boolean json;

        @Override
        public Integer call() throws Exception {
            List<SerialPorts.Port> ports = SerialPorts.list();
            if (json) {
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(ports));
                return Main.OK;
            }
            if (ports.isEmpty()) {
                System.out.println("no serial ports found (a USB adapter shows up as /dev/ttyUSB0 once plugged in; see `dmesg | tail`)");
                return Main.OK;
            }
            System.out.printf("%-16s %-8s %-30s %s%n", "PORT", "ACCESS", "DESCRIPTION", "STABLE NAME (use this in the config)");
            for (SerialPorts.Port p : ports) {
                System.out.printf("%-16s %-8s %-30s %s%n", p.path(), p.accessible() ? "ok" : "denied", p.description(),
                        p.byId() == null ? "-" : p.byId());
            }
            if (ports.stream().anyMatch(p -> !p.accessible())) {
                System.out.println("denied: add the user to the dialout group (the ecogate service user is in it)");
            }
            return Main.OK;
        }
    }
}
