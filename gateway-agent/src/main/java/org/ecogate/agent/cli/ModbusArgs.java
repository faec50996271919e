package org.ecogate.agent.cli;

import org.ecogate.agent.acquisition.modbus.ModbusPoint;
import picocli.CommandLine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks {@code ecogate modbus} options once, where they enter: each bad value becomes a one-line
 * {@link CommandLine.ParameterException} naming the option and what it accepts (exit 2), never a Java exception.
 */
final class ModbusArgs {
    private ModbusArgs() {}

    static ModbusPoint.Table table(CommandLine cl, String text) {
        String t = text.toLowerCase(Locale.ROOT);
        if (t.endsWith("s")) t = t.substring(0, t.length() - 1); // holdings, coils, inputs
        for (ModbusPoint.Table tb : ModbusPoint.Table.values()) if (tb.name().equalsIgnoreCase(t)) return tb;
        throw new CommandLine.ParameterException(cl, "--table '" + text + "': expected coil, discrete, holding or input");
    }

    static ModbusPoint.Type type(CommandLine cl, String text) {
        for (ModbusPoint.Type ty : ModbusPoint.Type.values()) if (ty.name().equalsIgnoreCase(text)) return ty;
        String hint = text.equalsIgnoreCase("float") || text.equalsIgnoreCase("real") ? " (a Modbus float is float32)"
                : text.equalsIgnoreCase("double") ? " (a double is float64)" : "";
        throw new CommandLine.ParameterException(cl, "--type '" + text + "': expected one of " + names(ModbusPoint.Type.values()) + hint);
    }

    static ModbusPoint.Order order(CommandLine cl, String text) {
        for (ModbusPoint.Order o : ModbusPoint.Order.values()) if (o.name().equalsIgnoreCase(text)) return o;
        throw new CommandLine.ParameterException(cl, "--order '" + text + "': expected ABCD (big-endian), CDAB (word-swapped), BADC or DCBA");
    }

    static int unit(CommandLine cl, int unit) {
        if (unit < 0 || unit > 255) throw new CommandLine.ParameterException(cl, "--unit " + unit + ": a Modbus unit id is 0..255 (devices use 1..247)");
        return unit;
    }

    private static String names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }
}
