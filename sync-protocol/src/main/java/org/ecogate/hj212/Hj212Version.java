package org.ecogate.hj212;

/**
 * Protocol version as carried in the version bits (V5..V0) of Flag: 2005 = 0, 2017 = 1, 2025 = 2.
 * The 2025 value comes from caoyiliang/HJ212 (C#, Enum.cs), not from the standard's text (see docs/HJ212.md).
 */
public enum Hj212Version {
    V2005(0), V2017(1), V2025(2);

    private final int bits;

    Hj212Version(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    /** Flag value with the given A (answer required) and D (split) bits. */
    public int flag(boolean ack, boolean split) {
        return (bits << 2) | (split ? 2 : 0) | (ack ? 1 : 0);
    }

    public static Hj212Version ofFlag(int flag) {
        int v = flag >> 2;
        for (Hj212Version x : values()) {
            if (x.bits == v) {
                return x;
            }
        }
        return null;
    }

    public static Hj212Version parse(String s) {
        switch (s.trim()) {
            case "2005": return V2005;
            case "2017": return V2017;
            case "2025": return V2025;
            default: throw new IllegalArgumentException("unknown HJ 212 version '" + s + "' (use 2017 or 2025)");
        }
    }

    public String year() {
        return name().substring(1);
    }
}
