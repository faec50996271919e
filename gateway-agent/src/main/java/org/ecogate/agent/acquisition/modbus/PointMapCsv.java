package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vendor register map in CSV (header row naming the columns: name, address, table, type, order, bit, length,
 * scale, offset, unit, min, max; any order, only name and address required) turned into a YAML {@code points:}
 * block. Each row is checked by the agent's own config rules; an error names the CSV file, line and column.
 * Stateless. Trap: quoted fields may hold commas ("kW, total"); doubled quotes escape a quote.
 */
public final class PointMapCsv {
    static final List<String> COLUMNS = List.of("name", "address", "table", "type", "order", "bit", "length", "scale",
            "offset", "unit", "min", "max");
    private static final List<String> NUMBERS = List.of("bit", "length", "scale", "offset", "min", "max");

    private PointMapCsv() {}

    /** The YAML lines of a points block (indented for a device entry) for the CSV text of {@code file}. */
    public static String toYaml(String file, String csv) throws ConfigException {
        String[] lines = csv.split("\r?\n", -1);
        int h = 0;
        while (h < lines.length && (lines[h].isBlank() || lines[h].startsWith("#"))) h++;
        if (h == lines.length) throw new ConfigException(file, 1, "", "empty: the first line must name the columns (name,address,...)");
        List<String> header = new ArrayList<>();
        for (String c : fields(file, h + 1, lines[h])) header.add(c.trim().toLowerCase());
        for (String c : header) {
            if (!COLUMNS.contains(c)) throw new ConfigException(file, h + 1, c, "unknown column '" + c + "' (known: " + String.join(", ", COLUMNS) + ")");
        }
        for (String need : List.of("name", "address")) {
            if (!header.contains(need)) throw new ConfigException(file, h + 1, need, "missing column '" + need + "'");
        }
        StringBuilder out = new StringBuilder("    points:\n");
        for (int i = h + 1; i < lines.length; i++) {
            if (lines[i].isBlank() || lines[i].startsWith("#")) continue;
            List<String> f = fields(file, i + 1, lines[i]);
            if (f.size() > header.size()) throw new ConfigException(file, i + 1, "", f.size() + " fields but " + header.size() + " columns");
            Map<String, String> row = new LinkedHashMap<>();
            for (int k = 0; k < f.size(); k++) if (!f.get(k).isBlank()) row.put(header.get(k), f.get(k).trim());
            String entry = entry(file, i + 1, row);
            check(file, i + 1, entry);
            out.append("      - ").append(entry).append('\n');
        }
        return out.toString();
    }

    private static String entry(String file, int line, Map<String, String> row) throws ConfigException {
        List<String> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : row.entrySet()) {
            String v = e.getValue();
            // vendor sheets write FLOAT32, Holding, cdab: the config's spelling is float32, holding, CDAB
            if (e.getKey().equals("type") || e.getKey().equals("table")) v = v.toLowerCase(java.util.Locale.ROOT);
            if (e.getKey().equals("order")) v = v.toUpperCase(java.util.Locale.ROOT);
            if (NUMBERS.contains(e.getKey())) {
                try {
                    Double.parseDouble(v);
                } catch (NumberFormatException x) {
                    throw new ConfigException(file, line, e.getKey(), "'" + v + "' is not a number");
                }
                kv.add(e.getKey() + ": " + v);
            } else {
                kv.add(e.getKey() + ": \"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
        }
        return "{" + String.join(", ", kv) + "}";
    }

    /** Runs the row through the config loader; its error becomes "file:line: column: problem". */
    private static void check(String file, int line, String entry) throws ConfigException {
        String yaml = "gateway: g\nuplink: {broker: \"tcp://h:1\"}\ndevices:\n  - id: d\n    host: h\n    points:\n      - " + entry + "\n";
        try {
            ConfigLoader.parse(file, yaml, Path.of("."));
        } catch (ConfigException e) {
            String f = e.field() == null ? "" : e.field().replaceFirst("^devices\\[0\\]\\.points\\[0\\]\\.?", "");
            throw new ConfigException(file, line, f, e.problem());
        }
    }

    static List<String> fields(String file, int line, String s) throws ConfigException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean q = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (q) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') q = false;
                else cur.append(c);
            } else if (c == '"') q = true;
            else if (c == ',' || c == ';') {
                out.add(cur.toString());
                cur.setLength(0);
            } else cur.append(c);
        }
        if (q) throw new ConfigException(file, line, "", "unterminated quote");
        out.add(cur.toString());
        return out;
    }
}
