package org.ecogate.agent.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.acquisition.modbus.J2modLink;
import org.ecogate.agent.acquisition.modbus.ModbusLink;
import org.ecogate.agent.acquisition.modbus.ModbusPoint;
import org.ecogate.agent.acquisition.modbus.ModbusRefusal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code ecogate modbus read|scan}: a technician's Modbus master, like modpoll. */
@Command(mixinStandardHelpOptions = true, name = "modbus", description = "Read registers or scan unit ids (Modbus TCP, RTU over TCP, RTU serial).",
        subcommands = {ModbusCommand.Read.class, ModbusCommand.Scan.class})
public final class ModbusCommand {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Where to connect. */
    static final class Target {
        @Option(names = "--host", description = "Modbus TCP host (or serial server with --rtu-tcp)")
        String host;
        @Option(names = "--port", defaultValue = "502")
        int port;
        @Option(names = "--rtu-tcp", description = "RTU frames over TCP (serial-to-Ethernet server)")
        boolean rtuTcp;
        @Option(names = "--serial", description = "serial port, e.g. /dev/ttyUSB0 (Modbus RTU)")
        String serial;
        @Option(names = "--baud", defaultValue = "9600")
        int baud;
        @Option(names = "--parity", defaultValue = "none", description = "none, even, odd")
        String parity;
        @Option(names = "--stop-bits", defaultValue = "1")
        int stopBits;
        @Option(names = "--timeout", defaultValue = "1000", description = "ms")
        int timeout;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        ModbusLink link() {
            if (serial != null) return J2modLink.serial(serial, baud, 8, parity, stopBits, timeout);
            if (host == null) throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(new Read()), "give --host or --serial");
            return J2modLink.tcp(host, port, timeout, rtuTcp);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "read", description = "Read and decode registers, e.g. --table holding -a 0 -c 2 --type float32 --order CDAB.")
    static final class Read implements Callable<Integer> {
        @Mixin
        Target t = new Target();
        @Option(names = {"-u", "--unit"}, defaultValue = "1")
        int unit;
        @Option(names = "--table", defaultValue = "holding", description = "coil, discrete, holding, input")
        String table;
        @Option(names = {"-a", "--address"}, defaultValue = "0", description = "0-based address of the first value")
        int address;
        @Option(names = {"-c", "--count"}, defaultValue = "1", description = "number of values")
        int count;
        @Option(names = "--type", defaultValue = "uint16", description = "bool, uint16, int16, uint32, int32, float32, uint64, int64, float64, string")
        String type;
        @Option(names = "--order", defaultValue = "ABCD", description = "ABCD, CDAB, BADC, DCBA")
        String order;
        @Option(names = "--length", defaultValue = "8", description = "string length in registers")
        int length;

        @Override
        public Integer call() throws Exception {
            ModbusPoint.Table tb = ModbusPoint.Table.valueOf(table.toUpperCase());
            ModbusPoint.Type ty = tb.bits() ? ModbusPoint.Type.BOOL : ModbusPoint.Type.of(type);
            ModbusPoint.Order or = ModbusPoint.Order.valueOf(order.toUpperCase());
            int w = tb.bits() ? 1 : ty == ModbusPoint.Type.STRING ? length : ty.words;
            try (ModbusLink link = t.link()) {
                link.open();
                int[] regs = link.read(unit, tb, address, w * count);
                ArrayNode arr = JSON.createArrayNode();
                if (!t.json) System.out.printf("%-8s %-20s %s%n", "address", "registers", "value");
                for (int i = 0; i < count; i++) {
                    ModbusPoint p = ModbusPoint.raw("v", tb, address + i * w, ty, or, 0, length);
                    StringBuilder hex = new StringBuilder();
                    for (int k = 0; k < w; k++) hex.append(String.format(tb.bits() ? "%d " : "%04X ", regs[i * w + k]));
                    String v = p.isText() ? p.text(regs, i * w) : fmt(p.decode(regs, i * w));
                    if (t.json) {
                        ObjectNode o = arr.addObject().put("address", address + i * w).put("registers", hex.toString().trim());
                        if (p.isText()) o.put("value", v);
                        else o.put("value", p.decode(regs, i * w));
                    } else {
                        System.out.printf("%-8d %-20s %s%n", address + i * w, hex.toString().trim(), v);
                    }
                }
                if (t.json) System.out.println(JSON.writeValueAsString(arr));
                return Main.OK;
            } catch (ModbusRefusal e) {
                System.err.println("error: unit " + unit + " refused: " + e.getMessage());
                return Main.FAILURE;
            } catch (picocli.CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                System.err.println("error: no answer: " + e.getMessage());
                return Main.UNREACHABLE;
            }
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "scan", description = "Find which unit ids answer (any answer, an exception response too).")
    static final class Scan implements Callable<Integer> {
        @Mixin
        Target t = new Target();
        @Option(names = "--from", defaultValue = "1")
        int from;
        @Option(names = "--to", defaultValue = "247")
        int to;
        @Option(names = "--address", defaultValue = "0", description = "holding register to ask for")
        int address;

        @Override
        public Integer call() throws Exception {
            ArrayNode found = JSON.createArrayNode();
            try (ModbusLink link = t.link()) {
                for (int u = from; u <= to; u++) {
                    String how;
                    try {
                        if (!link.isOpen()) link.open();
                        link.read(u, ModbusPoint.Table.HOLDING, address, 1);
                        how = "answers";
                    } catch (ModbusRefusal e) {
                        how = "answers with " + e.getMessage();
                    } catch (Exception e) {
                        if (link.resetAfterFailure()) link.close();
                        continue;
                    }
                    found.addObject().put("unit", u).put("answer", how);
                    if (!t.json) System.out.printf("unit %3d: %s%n", u, how);
                }
            }
            if (t.json) System.out.println(JSON.writeValueAsString(found));
            else System.out.printf("%d of %d unit ids answered%n", found.size(), to - from + 1);
            return found.isEmpty() ? Main.UNREACHABLE : Main.OK;
        }
    }
}
