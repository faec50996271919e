package org.ecogate.agent.acquisition.modbus;

import org.ecogate.agent.config.ConfigException;
import org.ecogate.agent.config.ConfigLoader;
import org.ecogate.agent.config.ModiconRef;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A vendor register map in CSV (header row naming the columns: name, address, table, type, order, bit, length,
 * scale, offset, unit, min, max, or their vendor spellings; any order, only name and address required) turned into a
 * YAML {@code points:} block, with a note for everything it converted (a Modicon address beside a table column).
 * Each row is checked by the agent's own config rules; an error names the CSV file, line and column. Stateless.
 * Traps: Excel writes a UTF-8 BOM before the header; quoted fields may hold commas ("kW, total").
 */
public final class PointMapCsv {
    /** The YAML block and one line per conversion the reader should know about ("map.csv:3: address 40003 ..."). */
    public record Result(String yaml, List<String> notes) {}

    static final List<String> COLUMNS = List.of("name", "address", "table", "type", "order", "bit", "length", "scale",
            "offset", "unit", "min", "max");
    private static final List<String> NUMBERS = List.of("bit", "length", "scale", "offset", "min", "max");

    private PointMapCsv() {}

    /** The YAML lines of a points block (indented for a device entry) for the CSV text of {@code file}. */
    public static String toYaml(String file, String csv) throws ConfigException {
        return convert(file, csv).yaml();
    }

    /** As {@link #toYaml}, with the notes on what was converted. */
    public static Result convert(String file, String csv) throws ConfigException {
        if (csv.startsWith("\uFEFF")) csv = csv.substring(1); // Excel's "CSV UTF-8"
        String[] lines = csv.split("\r?\n", -1);
        List<String> notes = new ArrayList<>();
        int h = 0;
        while (h < lines.length && (lines[h].isBlank() || lines[h].startsWith("#"))) h++;
        if (h == lines.length) throw new ConfigException(file, 1, "", "empty: the first line must name the columns (name,address,...)");
        List<String> header = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String cell : fields(file, h + 1, lines[h])) {
            String c = cell.isBlank() ? null : VendorSpellings.column(cell.trim());
            if (c != null && header.contains(c)) throw new ConfigException(file, h + 1, c, "two columns mean " + c + " ('" + cell.trim() + "' is the second)");
            if (c == null && !cell.isBlank()) ignored.add(cell.trim());
            header.add(c);
        }
        if (!ignored.isEmpty()) {
            notes.add(file + ":" + (h + 1) + ": ignored column" + (ignored.size() > 1 ? "s " : " ") + String.join(", ", ignored.stream().map(c -> "'" + c + "'").toList())
                    + " (known: " + String.join(", ", COLUMNS) + ")");
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
            for (int k = 0; k < f.size(); k++) if (header.get(k) != null && !f.get(k).isBlank()) row.put(header.get(k), f.get(k).trim());
            modicon(file, i + 1, row, notes);
            String entry = entry(file, i + 1, row);
            check(file, i + 1, entry);
            out.append("      - ").append(entry).append('\n');
        }
        return new Result(out.toString(), List.copyOf(notes));
    }

    /**
     * A Modicon reference beside a table column ("40003", "Holding") means holding register 2 (0-based), never register
     * 40003: converted, with a note. A reference whose digit names another table than the column is left for
     * {@code config validate} to warn about, with a note here too.
     */
    private static void modicon(String file, int line, Map<String, String> row, List<String> notes) {
        String a = row.get("address"), t = row.get("table");
        if (a == null || !a.matches("[0134]\\d{4,5}")) return;
        ModiconRef ref;
        try {
            ref = ModiconRef.resolve(a, null);
        } catch (IllegalArgumentException e) {
            return; // 40000: the loader says why
        }
        if (t == null) {
            notes.add(file + ":" + line + ": address " + a + " is a Modicon reference: " + ref.table() + " register " + ref.address() + " (0-based)");
            return;
        }
        String table = VendorSpellings.table(t);
        if (table.equals(ref.table())) {
            row.put("address", Integer.toString(ref.address()));
            notes.add(file + ":" + line + ": address " + a + " (" + t + ") is a Modicon reference: converted to " + table + " address "
                    + ref.address() + " (0-based)");
        } else {
            notes.add(file + ":" + line + ": address " + a + " looks like a Modicon reference to the " + ref.table() + " table but the table column says "
                    + t + ": kept as " + table + " address " + a + "; check the sheet");
        }
    }

    private static String entry(String file, int line, Map<String, String> row) throws ConfigException {
        List<String> kv = new ArrayList<>();
        for (Map.Entry<String, String> e : row.entrySet()) {
            String v = e.getValue();
            // vendor sheets write FLOAT32, Holding Register, REAL, cdab: the config's spelling is float32, holding, CDAB
            if (e.getKey().equals("table")) v = VendorSpellings.table(v);
            if (e.getKey().equals("type")) v = VendorSpellings.type(v);
            if (e.getKey().equals("order")) v = VendorSpellings.order(v);
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
