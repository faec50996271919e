package org.ecogate.hj212;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HJ 212 data segment: {@code QN=..;ST=..;CN=..;PW=..;MN=..;Flag=..;[PNUM=..;PNO=..;]CP=&&..&&}. Immutable.
 * {@link #parse} is strict (names the first field that is wrong); {@link #text} emits the standard's field order.
 * Trap: the limits are on UTF-8 bytes of the whole segment (1024) — Chinese text in CP takes 3 bytes a character.
 */
public record Packet(String qn, String st, String cn, String pw, String mn, Integer flag, Integer pnum, Integer pno,
                     Cp cp) {
    public static final int MAX_DATA_BYTES = 1024;
    public static final int MAX_CP_CHARS = 950;

    public Packet {
        if (cp == null) {
            cp = Cp.EMPTY;
        }
    }

    public Packet(String qn, String st, String cn, String pw, String mn, Integer flag, Cp cp) {
        this(qn, st, cn, pw, mn, flag, null, null, cp);
    }

    public boolean ackRequested() {
        return flag != null && (flag & 1) != 0;
    }

    public boolean split() {
        return flag != null && (flag & 2) != 0;
    }

    public Packet withQn(String newQn) {
        return new Packet(newQn, st, cn, pw, mn, flag, pnum, pno, cp);
    }

    public String text() {
        StringBuilder sb = new StringBuilder(128);
        if (qn != null) {
            sb.append("QN=").append(qn).append(';');
        }
        sb.append("ST=").append(st).append(";CN=").append(cn).append(";PW=").append(pw).append(";MN=").append(mn)
                .append(';');
        if (flag != null) {
            sb.append("Flag=").append(flag).append(';');
        }
        if (pnum != null) {
            sb.append("PNUM=").append(pnum).append(";PNO=").append(pno).append(';');
        }
        return sb.append("CP=&&").append(cp.text()).append("&&").toString();
    }

    public byte[] bytes() {
        return text().getBytes(StandardCharsets.UTF_8);
    }

    /** Strict parse of a data segment; the exception names the field. */
    public static Packet parse(String data) throws Hj212Exception {
        int cpAt = data.indexOf("CP=&&");
        if (cpAt < 0) {
            throw new Hj212Exception("data segment: no CP=&&");
        }
        if (!data.endsWith("&&") || data.length() < cpAt + 7) {
            throw new Hj212Exception("CP: does not end with &&");
        }
        String cpText = data.substring(cpAt + 5, data.length() - 2);
        if (cpText.length() > MAX_CP_CHARS) {
            throw new Hj212Exception("CP: " + cpText.length() + " characters, over the limit of " + MAX_CP_CHARS);
        }
        if (cpAt > 0 && data.charAt(cpAt - 1) != ';') {
            throw new Hj212Exception("data segment: no ';' before CP");
        }
        Map<String, String> head = new LinkedHashMap<>();
        if (cpAt > 0) {
            for (String f : data.substring(0, cpAt - 1).split(";", -1)) {
                int eq = f.indexOf('=');
                if (eq <= 0) {
                    throw new Hj212Exception("data segment: '" + f + "' is not key=value");
                }
                String key = f.substring(0, eq);
                if (head.put(key, f.substring(eq + 1)) != null) {
                    throw new Hj212Exception(key + ": given twice");
                }
            }
        }
        for (String key : head.keySet()) {
            if (!key.matches("QN|ST|CN|PW|MN|Flag|PNUM|PNO")) {
                throw new Hj212Exception(key + ": unknown field before CP (names are case-sensitive)");
            }
        }
        String qn = head.get("QN");
        if (qn != null && !qn.matches("\\d{17}")) {
            throw new Hj212Exception("QN: '" + qn + "' is not 17 digits YYYYMMDDhhmmsszzz");
        }
        String st = require(head, "ST", "\\d{2}", "2 digits");
        String cn = require(head, "CN", "\\d{4}", "4 digits");
        String pw = require(head, "PW", "[^;,&=]{0,9}", "at most 9 characters");
        String mn = require(head, "MN", "[^;,&=]{1,24}", "1 to 24 characters");
        Integer flag = number(head, "Flag", 255);
        Integer pnum = number(head, "PNUM", 9999);
        Integer pno = number(head, "PNO", 9999);
        if (flag != null && (flag & 2) != 0 && (pnum == null || pno == null)) {
            throw new Hj212Exception("Flag: D bit set (split packet) but PNUM/PNO missing");
        }
        if ((pnum == null) != (pno == null)) {
            throw new Hj212Exception(pnum == null ? "PNUM: missing beside PNO" : "PNO: missing beside PNUM");
        }
        if (pnum != null && (pno < 1 || pno > pnum)) {
            throw new Hj212Exception("PNO: " + pno + " outside 1.." + pnum);
        }
        return new Packet(qn, st, cn, pw, mn, flag, pnum, pno, Cp.parse(cpText));
    }

    private static String require(Map<String, String> head, String key, String regex, String what)
            throws Hj212Exception {
        String v = head.get(key);
        if (v == null) {
            throw new Hj212Exception(key + ": missing");
        }
        if (!v.matches(regex)) {
            throw new Hj212Exception(key + ": '" + v + "' is not " + what);
        }
        return v;
    }

    private static Integer number(Map<String, String> head, String key, int max) throws Hj212Exception {
        String v = head.get(key);
        if (v == null) {
            return null;
        }
        if (!v.matches("\\d{1,4}") || Integer.parseInt(v) > max) {
            throw new Hj212Exception(key + ": '" + v + "' is not a number 0.." + max);
        }
        return Integer.parseInt(v);
    }
}
