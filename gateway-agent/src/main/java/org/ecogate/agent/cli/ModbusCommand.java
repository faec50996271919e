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
        @Option(names = "--timeout", converter = DurationArg.class, paramLabel = "DURATION",
                description = "per request, e.g. 500ms, 2s (a bare number is ms; default: read 1s, scan 300ms)")
        java.time.Duration timeout;
        @Option(names = "--json", description = "print JSON")
        boolean json;

        /** The link, with {@code fallback} as the timeout when --timeout is not given. */
        ModbusLink link(picocli.CommandLine cl, java.time.Duration fallback) {
            int ms = DurationArg.millis(timeout == null ? fallback : timeout);
            if (serial != null) return J2modLink.serial(serial, baud, 8, parity, stopBits, ms);
            if (host == null) throw new picocli.CommandLine.ParameterException(cl, "give --host HOST (Modbus TCP) or --serial PORT (RTU)");
            if (port < 1 || port > 65535) throw new picocli.CommandLine.ParameterException(cl, "--port " + port + ": expected 1..65535");
            return J2modLink.tcp(host, port, ms, rtuTcp);
        }

        /** Where the request went, for messages: "127.0.0.1:502 unit 1" or "/dev/ttyUSB0 unit 1". */
        String where(int unit) {
            return (serial != null ? serial : host + ":" + port) + " unit " + unit;
        }
    }

    @Command(mixinStandardHelpOptions = true, name = "read", description = "Read and decode registers, e.g. --table holding -a 0 -c 2 --type float32 --order CDAB.")
    static final class Read implements Callable<Integer> {
        @Mixin
        Target t = new Target();
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;
        @Option(names = {"-u", "--unit"}, defaultValue = "1", description = "unit id 0..255")
        int unit;
        @Option(names = "--table", description = "coil, discrete, holding (default), input")
        String table;
        @Option(names = {"-a", "--address"}, defaultValue = "0", description = "0-based address of the first value, or a Modicon reference (40001 = holding 0)")
        String address;
        @Option(names = "--bit", paramLabel = "N", description = "print bit N (0..15) of each register")
        Integer bit;
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
            picocli.CommandLine cl = spec.commandLine();
            org.ecogate.agent.config.ModiconRef ref;
            try {
                ref = org.ecogate.agent.config.ModiconRef.resolve(address, table == null ? null : ModbusArgs.table(cl, table).name().toLowerCase());
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(cl, "--address " + e.getMessage());
            }
            ModbusPoint.Table tb = ModbusArgs.table(cl, ref.table());
            int address = ref.address();
            ModbusPoint.Type ty = tb.bits() ? ModbusPoint.Type.BOOL : bit != null ? ModbusPoint.Type.UINT16 : ModbusArgs.type(cl, type);
            ModbusPoint.Order or = ModbusArgs.order(cl, order);
            ModbusArgs.unit(cl, unit);
            if (bit != null && (tb.bits() || bit < 0 || bit > 15)) {
                throw new picocli.CommandLine.ParameterException(cl, "--bit " + bit + ": a bit 0..15 inside a register (coils and discrete inputs are bits already)");
            }
            int w = tb.bits() ? 1 : ty == ModbusPoint.Type.STRING ? length : ty.words;
            int max = tb.bits() ? 2000 : 125;
            if (count < 1 || w * count > max || address + w * count > 65_536) {
                throw new picocli.CommandLine.ParameterException(cl, "--count " + count + ": one request reads 1.." + max
                        + (tb.bits() ? " bits" : " registers") + " within addresses 0..65535 (" + w + " per " + ty.name().toLowerCase() + ")");
            }
            try (ModbusLink link = t.link(cl, java.time.Duration.ofSeconds(1))) {
                link.open();
                int[] regs = link.read(unit, tb, address, w * count);
                ArrayNode arr = JSON.createArrayNode();
                if (!t.json) System.out.printf("%-8s %-20s %s%n", "address", "registers", "value");
                for (int i = 0; i < count; i++) {
                    ModbusPoint p = ModbusPoint.raw("v", tb, address + i * w, ty, or, 0, length);
                    StringBuilder hex = new StringBuilder();
                    for (int k = 0; k < w; k++) hex.append(String.format(tb.bits() ? "%d " : "%04X ", regs[i * w + k]));
                    double raw = p.isText() ? 0 : bit != null ? (regs[i * w] >> bit) & 1 : p.decode(regs, i * w);
                    String v = p.isText() ? p.text(regs, i * w) : Numbers.shortest(ty == ModbusPoint.Type.FLOAT32 ? (float) raw : raw);
                    if (t.json) {
                        ObjectNode o = arr.addObject().put("address", address + i * w).put("registers", hex.toString().trim());
                        if (bit != null) o.put("bit", bit);
                        if (p.isText()) o.put("value", v);
                        else o.put("value", new java.math.BigDecimal(v));
                    } else {
                        System.out.printf("%-8d %-20s %s%n", address + i * w, hex.toString().trim(), v);
                    }
                }
                if (t.json) System.out.println(JSON.writeValueAsString(arr));
                return Main.OK;
            } catch (ModbusRefusal e) {
                System.err.println("error: " + t.where(unit) + " refused " + tb.name().toLowerCase() + " " + address + ".." + (address + w * count - 1)
                        + ": " + e.getMessage() + " (check --table, --address and --count against the device's register map)");
                return Main.FAILURE;
            } catch (org.ecogate.agent.acquisition.modbus.ModbusReplyMismatch e) {
                // it did answer: a short byte count or another unit's reply is a device or serial-server fault, not silence
                System.err.println("error: " + t.where(unit) + " answered with an " + e.getMessage()
                        + " (a device or serial server fault: check that one unit id answers, and the server's timeouts)");
                return Main.FAILURE;
            } catch (picocli.CommandLine.ParameterException e) {
                throw e;
            } catch (Exception e) {
                System.err.println("error: " + t.where(unit) + ": no answer (" + LinkErrors.explain(e) + ")");
                return Main.UNREACHABLE;
            }
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
        @Option(names = "--stop-after", paramLabel = "N", defaultValue = "0",
                description = "stop once N unit ids have answered (0 = scan the whole range); a bus of one device: --stop-after 1")
        int stopAfter;
        @Option(names = "--progress-every", paramLabel = "N", defaultValue = "10",
                description = "when stderr is not a terminal: a progress line every N unit ids (0 = none; default ${DEFAULT-VALUE})")
        int progressEvery;
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ArrayNode found = JSON.createArrayNode();
            picocli.CommandLine cl = spec.commandLine();
            ModbusArgs.unit(cl, from);
            ModbusArgs.unit(cl, to);
            if (to < from) throw new picocli.CommandLine.ParameterException(cl, "--to " + to + " is below --from " + from);
            if (stopAfter < 0) throw new picocli.CommandLine.ParameterException(cl, "--stop-after " + stopAfter + ": expected 0 (scan all) or more");
            if (progressEvery < 0) throw new picocli.CommandLine.ParameterException(cl, "--progress-every " + progressEvery + ": expected 0 (none) or more");
            boolean tty = System.console() != null;
            long started = System.currentTimeMillis();
            Exception lastFailure = null;
            int last = from - 1;
            try (ModbusLink link = t.link(cl, SCAN_TIMEOUT)) {
                for (int u = from; u <= to && (stopAfter == 0 || found.size() < stopAfter); u++) {
                    // progress: a silent unit costs the whole --timeout, 247 of them minutes
                    if (tty) System.err.printf("\rscanning unit %3d (%d of %d, %d found, %d s)", u, u - from + 1, to - from + 1, found.size(),
                            (System.currentTimeMillis() - started) / 1000);
                    else if (progressEvery > 0 && u > from && (u - from) % progressEvery == 0) progress(u - 1, found.size(), started);
                    last = u;
                    String how;
                    try {
                        if (!link.isOpen()) link.open();
                        link.read(u, ModbusPoint.Table.HOLDING, address, 1);
                        how = "answers";
                    } catch (ModbusRefusal e) {
                        how = "answers with " + e.getMessage();
                    } catch (org.ecogate.agent.acquisition.modbus.ModbusReplyMismatch e) {
                        how = "answers with an " + e.getMessage();
                        if (link.resetAfterFailure()) link.close();
                    } catch (Exception e) {
                        lastFailure = e;
                        if (link.resetAfterFailure()) link.close();
                        continue;
                    }
                    found.addObject().put("unit", u).put("answer", how);
                    if (tty) System.err.print("\r\033[K");
                    if (!t.json) System.out.printf("unit %3d: %s%n", u, how);
                }
            }
            if (tty) System.err.print("\r\033[K");
            boolean early = last < to;
            if (t.json) System.out.println(JSON.writeValueAsString(found));
            else System.out.printf("%d of %d unit ids answered%s%n", found.size(), last - from + 1,
                    early ? " (stopped after " + stopAfter + " answered, at unit " + last + "; " + (to - last) + " not asked)" : "");
            if (found.isEmpty()) {
                System.err.println("error: " + t.where(from).replace(" unit " + from, "") + ": no unit id in " + from + ".." + to + " answered"
                        + (lastFailure == null ? "" : " (" + LinkErrors.explain(lastFailure) + ")"));
                return Main.UNREACHABLE;
            }
            return Main.OK;
        }

        /** One line per block of unit ids when piped or logged: where the scan is and how long it has taken. */
        private void progress(int done, int found, long started) {
            System.err.printf("scan: units %d..%d of %d..%d asked, %d answered, %d s%n", from, done, from, to, found,
                    (System.currentTimeMillis() - started) / 1000);
            System.err.flush();
        }
    }

    /** A unit that answers at all answers in tens of ms; 247 silent units at 1 s each took over 4 minutes. */
    static final java.time.Duration SCAN_TIMEOUT = java.time.Duration.ofMillis(300);
}
