package org.ecogate.agent.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code config validate} warns about in a config that loads: a Modbus address that reads as a Modicon reference
 * although a table is given ({@code address: 40003, table: holding} is register 40003, almost always meant as 2), and
 * a serial port that does not exist on this machine. Stateless. Trap: it reads the file as written (the loaded
 * config has the addresses normalized already), so it runs only on text the loader accepted.
 */
public final class ConfigLint {
    /** One finding; {@code serialPort} findings are errors under {@code --probe}. */
    public record Finding(String message, boolean serialPort) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLint() {}

    /** The findings for {@code cfg}, loaded from {@code name} with text {@code text}; {@code dev} is where device files live. */
    public static List<Finding> check(String name, String text, AgentConfig cfg, Path dev) {
        List<Finding> out = new ArrayList<>();
        YamlLines[] lines = {null}; // indexed only when a finding needs a line (a big plant's index is large)
        // streamed point by point: a whole tree of a 25,600-point config does not fit the launcher's 32 MB heap
        try (JsonParser jp = YAML.createParser(text)) {
            if (jp.nextToken() != JsonToken.START_OBJECT) return out;
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String field = jp.currentName();
                JsonToken v = jp.nextToken();
                if (!"devices".equals(field) || v != JsonToken.START_ARRAY) {
                    jp.skipChildren();
                    continue;
                }
                for (int i = 0; jp.nextToken() != JsonToken.END_ARRAY; i++) {
                    if (jp.currentToken() != JsonToken.START_OBJECT) {
                        jp.skipChildren();
                        continue;
                    }
                    while (jp.nextToken() == JsonToken.FIELD_NAME) {
                        String df = jp.currentName();
                        JsonToken dv = jp.nextToken();
                        if (!"points".equals(df) || dv != JsonToken.START_ARRAY) {
                            jp.skipChildren();
                            continue;
                        }
                        for (int j = 0; jp.nextToken() != JsonToken.END_ARRAY; j++) {
                            JsonNode pt = jp.readValueAsTree();
                            String problem = pt == null ? null : modicon(pt.path("address").asText(null), pt.path("table").asText(null));
                            if (problem == null) continue;
                            String at = "devices[" + i + "].points[" + j + "].address";
                            if (lines[0] == null) lines[0] = YamlLines.index(text);
                            out.add(new Finding(new ConfigException(name, lines[0].lineOf(at), at, problem).getMessage(), false));
                        }
                    }
                }
            }
        } catch (java.io.IOException e) {
            return out; // the loader accepted it: cannot happen
        }
        for (int i = 0; i < cfg.devices().size(); i++) {
            if (cfg.devices().get(i).transport() instanceof Transport.ModbusRtu rtu) {
                Path port = Path.of(rtu.serial());
                Path real = port.isAbsolute() ? dev.resolve(port.toString().substring(1)) : port;
                if (!Files.exists(real)) {
                    String at = "devices[" + i + "].serial";
                    out.add(new Finding(new ConfigException(name, lines(lines, text).lineOf(at), at, "serial port " + rtu.serial()
                            + " does not exist on this machine (`ecogate serial list` shows the ports; a USB adapter may be unplugged)").getMessage(), true));
                }
            }
        }
        return out;
    }

    private static YamlLines lines(YamlLines[] lines, String text) {
        if (lines[0] == null) lines[0] = YamlLines.index(text);
        return lines[0];
    }

    /** Why an address with an explicit table looks wrong, or null. */
    static String modicon(String address, String table) {
        if (address == null || table == null) return null;
        String a = address.trim();
        if (!a.matches("[0134]\\d{4,5}")) return null;
        ModiconRef ref;
        try {
            ref = ModiconRef.resolve(a, null);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String t = table.toLowerCase(Locale.ROOT);
        if (ref.table().equals(t)) {
            return "address " + a + " with table " + t + " is " + t + " register " + a + " (0-based), which few devices have; "
                    + "if the register sheet means the Modicon reference " + a + ", that is " + t + " address " + ref.address()
                    + ": write address: " + ref.address() + " (or drop table: and keep \"" + a + "\")";
        }
        return "address " + a + " with table " + t + ": as a Modicon reference " + a + " is " + (ref.table().equals("input") ? "an " : "a ") + ref.table() + " register, not "
                + t + "; check the register sheet (a table and a 0-based address, or the reference without table:)";
    }
}
