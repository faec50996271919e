package org.ecogate.agent.config;

/**
 * A Modbus address as people write it: a 0-based number within a table, or a Modicon reference (40001 = holding
 * 0, 30001 = input 0, 10001 = discrete 0, 00001 = coil 0; six digits: 400001) that implies the table. Stateless;
 * shared by the config loader and {@code ecogate modbus read}. Trap: a 5-digit number with an explicit table is a
 * plain address (table holding, address 40001), never a reference.
 */
public record ModiconRef(String table, int address) {
    /** Resolves {@code text}; {@code table} is the table given explicitly (null: none). Throws with a one-line reason. */
    public static ModiconRef resolve(String text, String table) {
        String t = text.trim();
        int address;
        try {
            address = Integer.parseInt(t);
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException("'" + t + "' is not a register number");
        }
        if (table == null && t.length() >= 5 && "0134".indexOf(t.charAt(0)) >= 0 && address > 0) {
            int base = (int) Math.pow(10, t.length() - 1);
            table = switch (t.charAt(0)) {
                case '4' -> "holding";
                case '3' -> "input";
                case '1' -> "discrete";
                default -> "coil";
            };
            address = address % base - 1;
            if (address < 0) throw new IllegalArgumentException("'" + t + "': Modicon references start at 1 (e.g. 40001)");
        }
        if (address < 0 || address > 65_535) throw new IllegalArgumentException(address + " is out of range 0..65535");
        return new ModiconRef(table == null ? "holding" : table, address);
    }
}
