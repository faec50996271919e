package org.ecogate.hj212;

/**
 * The CRC of an HJ 212 frame, computed over the UTF-8 bytes of the data segment. {@link #HJ212} is the normative
 * appendix (default); the others are what some platforms use instead. Stateless and thread-safe.
 * Trap: HJ212 is NOT CRC-16/MODBUS (it shifts the CRC right by 8 before XORing the byte), and yields only 256 values.
 */
public enum CrcVariant {
    /** HJ 212 appendix A: {@code crc = (crc >> 8) ^ b}, then eight shifts with 0xA001. */
    HJ212,
    /** CRC-16/MODBUS: {@code crc ^= b}, then eight shifts with 0xA001 (low byte first in value). */
    MODBUS,
    /** CRC-16/MODBUS with the two bytes swapped, as it appears on the wire of a Modbus frame. */
    MODBUS_SWAPPED;

    public int compute(byte[] data) {
        return compute(data, 0, data.length);
    }

    public int compute(byte[] data, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            int b = data[i] & 0xFF;
            crc = this == HJ212 ? (crc >> 8) ^ b : crc ^ b;
            for (int k = 0; k < 8; k++) {
                boolean lsb = (crc & 1) != 0;
                crc >>= 1;
                if (lsb) {
                    crc ^= 0xA001;
                }
            }
        }
        return this == MODBUS_SWAPPED ? ((crc & 0xFF) << 8) | (crc >> 8) : crc;
    }

    /** Four upper-case hex digits, zero-padded (a known bug of public parsers is dropping the padding). */
    public String hex(byte[] data) {
        return String.format("%04X", compute(data));
    }

    /** Parses a setting value: {@code hj212}, {@code modbus}, {@code modbus-swapped} (case-insensitive). */
    public static CrcVariant parse(String s) {
        for (CrcVariant v : values()) {
            if (v.settingName().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown CRC variant '" + s + "' (use hj212, modbus or modbus-swapped)");
    }

    public String settingName() {
        return name().toLowerCase().replace('_', '-');
    }
}
