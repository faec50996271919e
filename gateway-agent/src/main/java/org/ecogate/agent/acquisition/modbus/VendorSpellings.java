package org.ecogate.agent.acquisition.modbus;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How vendor register sheets spell what the config calls columns, tables and types: "Holding Register", "HR", "4x",
 * "FC03" are the holding table; "REAL", "Float", "DWORD", "DINT" are float32, uint32, int32 (IEC 61131 sizes:
 * INT is 16 bits). Stateless. Trap: a bare "3" or "4" is never a table (function code 3 = holding but Modicon
 * prefix 3 = input): only spellings that mean one thing are mapped; anything else is passed on for the loader to reject.
 */
final class VendorSpellings {
    private static final Map<String, String> COLUMNS = new HashMap<>();
    private static final Map<String, String> TABLES = new HashMap<>();
    private static final Map<String, String> TYPES = new HashMap<>();

    static {
        alias(COLUMNS, "name", "name", "tag", "tagname", "point", "pointname", "signal", "variable");
        alias(COLUMNS, "address", "address", "addr", "register", "registeraddress", "reg", "modbusaddress", "startaddress", "offsetaddress");
        alias(COLUMNS, "table", "table", "registertype", "area", "function", "functioncode", "fc", "objecttype", "kind");
        alias(COLUMNS, "type", "type", "datatype", "format", "dataformat", "valuetype");
        alias(COLUMNS, "order", "order", "byteorder", "wordorder", "endian", "endianness", "swap");
        alias(COLUMNS, "bit", "bit", "bitindex", "bitno", "bitnumber");
        alias(COLUMNS, "length", "length", "len", "size", "stringlength");
        alias(COLUMNS, "scale", "scale", "factor", "multiplier", "gain", "ratio", "scalefactor");
        alias(COLUMNS, "offset", "offset");
        alias(COLUMNS, "unit", "unit", "units", "engineeringunit", "engunit", "uom");
        alias(COLUMNS, "min", "min", "minimum", "low", "rangemin");
        alias(COLUMNS, "max", "max", "maximum", "high", "rangemax");

        alias(TABLES, "holding", "holding", "holdingregister", "hr", "4x", "4xxxx", "fc3", "fc03", "readholdingregister", "holdreg");
        alias(TABLES, "input", "input", "inputregister", "ir", "3x", "3xxxx", "fc4", "fc04", "readinputregister", "inputreg");
        alias(TABLES, "coil", "coil", "coilstatus", "co", "0x", "0xxxx", "fc1", "fc01", "readcoil", "discreteoutput");
        alias(TABLES, "discrete", "discrete", "discreteinput", "di", "1x", "1xxxx", "fc2", "fc02", "readdiscreteinput", "inputstatus");

        alias(TYPES, "float32", "float32", "float", "real", "single", "fp32", "f32", "ieee754", "float32bit");
        alias(TYPES, "float64", "float64", "double", "lreal", "fp64", "f64");
        alias(TYPES, "uint16", "uint16", "word", "uint", "ushort", "u16", "unsigned16", "unsigned", "uint16t");
        alias(TYPES, "int16", "int16", "int", "short", "i16", "signed16", "signed", "sint16", "int16t");
        alias(TYPES, "uint32", "uint32", "dword", "udint", "ulong", "u32", "unsigned32", "uint32t");
        alias(TYPES, "int32", "int32", "dint", "long", "i32", "signed32", "int32t");
        alias(TYPES, "uint64", "uint64", "lword", "ulint", "u64");
        alias(TYPES, "int64", "int64", "lint", "i64");
        alias(TYPES, "bool", "bool", "boolean");
        alias(TYPES, "bit", "bit");
        alias(TYPES, "string", "string", "ascii", "str", "char", "text");
    }

    private VendorSpellings() {}

    private static void alias(Map<String, String> m, String canonical, String... spellings) {
        for (String s : spellings) m.put(key(s), canonical);
    }

    /** Lower case without spaces, '-', '_', '.', '(', ')' and a plural 's': "Holding Registers" -> "holdingregister". */
    private static String key(String s) {
        String k = s.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.()]", "");
        return k.length() > 3 && k.endsWith("s") && !k.endsWith("ss") ? k.substring(0, k.length() - 1) : k;
    }

    /** The config's column for a header cell, or null when unknown. */
    static String column(String header) {
        return COLUMNS.get(key(header));
    }

    /** The config's table for a vendor spelling; unknown spellings come back lower-cased (the loader names them). */
    static String table(String v) {
        return TABLES.getOrDefault(key(v), v.toLowerCase(Locale.ROOT));
    }

    /** The config's type for a vendor spelling; unknown spellings come back lower-cased (the loader names them). */
    static String type(String v) {
        return TYPES.getOrDefault(key(v), v.toLowerCase(Locale.ROOT));
    }

    /** The config's word/byte order: "cdab", "CD AB", "C-D-A-B" -> "CDAB"; big/little endian as ABCD/DCBA. */
    static String order(String v) {
        String k = v.toUpperCase(Locale.ROOT).replaceAll("[\\s_\\-]", "");
        return switch (k) {
            case "BIGENDIAN", "BIG", "BE", "MSBFIRST" -> "ABCD";
            case "LITTLEENDIAN", "LITTLE", "LE", "LSBFIRST" -> "DCBA";
            case "WORDSWAP", "WORDSWAPPED", "SWAPPED" -> "CDAB";
            case "BYTESWAP", "BYTESWAPPED" -> "BADC";
            case "1234" -> "ABCD";
            case "3412" -> "CDAB";
            case "2143" -> "BADC";
            case "4321" -> "DCBA";
            default -> k;
        };
    }
}
