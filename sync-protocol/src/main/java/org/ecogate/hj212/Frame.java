package org.ecogate.hj212;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames a data segment: {@code ##} + 4-digit UTF-8 byte length + data + 4 hex CRC + CRLF, and checks a received
 * frame field by field. Stateless, thread-safe. Emits strictly (upper-case hex, the configured variant); checking is
 * lenient when asked (lower-case hex or another CRC variant is accepted and noted). Trap: the length is in bytes.
 */
public final class Frame {
    private Frame() {
    }

    /** The frame of one packet, CRLF included; refuses a data segment over 1024 bytes. */
    public static byte[] encode(Packet p, CrcVariant variant) {
        byte[] data = p.bytes();
        if (data.length > Packet.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("data segment is " + data.length + " bytes, over "
                    + Packet.MAX_DATA_BYTES + ": split it (Splitter)");
        }
        String head = String.format("##%04d", data.length);
        String tail = variant.hex(data) + "\r\n";
        byte[] out = new byte[6 + data.length + 6];
        System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, out, 0, 6);
        System.arraycopy(data, 0, out, 6, data.length);
        System.arraycopy(tail.getBytes(StandardCharsets.US_ASCII), 0, out, 6 + data.length, 6);
        return out;
    }

    public static String encodeText(Packet p, CrcVariant variant) {
        return new String(encode(p, variant), StandardCharsets.UTF_8);
    }

    /** Strict (or lenient) decode of one frame, with or without its CRLF. */
    public static Packet decode(byte[] frame, CrcVariant variant, boolean lenient) throws Hj212Exception {
        Check c = check(frame, variant);
        if (!c.problems().isEmpty()) {
            throw new Hj212Exception(c.problems().get(0));
        }
        if (!lenient && !c.notes().isEmpty()) {
            throw new Hj212Exception(c.notes().get(0));
        }
        return c.packet();
    }

    /** Checks every part of a frame and says what is wrong; never throws on bad input. */
    public static Check check(byte[] frame, CrcVariant variant) {
        int n = frame.length;
        if (n >= 2 && frame[n - 2] == '\r' && frame[n - 1] == '\n') {
            n -= 2;
        } else if (n >= 1 && frame[n - 1] == '\n') {
            n -= 1;
        }
        List<String> problems = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (n < 10 || frame[0] != '#' || frame[1] != '#') {
            problems.add(n < 10 ? "frame: " + n + " bytes, too short for ##, length and CRC"
                    : "header: does not start with ##");
            return new Check(null, n, null, null, null, false, false, problems, notes, null);
        }
        String lenText = new String(frame, 2, 4, StandardCharsets.US_ASCII);
        Integer declared = lenText.matches("\\d{4}") ? Integer.parseInt(lenText) : null;
        int dataLen = n - 10;
        byte[] data = new byte[dataLen];
        System.arraycopy(frame, 6, data, 0, dataLen);
        String crcGiven = new String(frame, n - 4, 4, StandardCharsets.US_ASCII);
        String crcExpected = variant.hex(data);
        boolean lengthOk = declared != null && declared == dataLen;
        if (declared == null) {
            problems.add("length: '" + lenText + "' is not 4 digits");
        } else if (!lengthOk) {
            problems.add("length: header says " + lenText + ", data segment is " + dataLen + " bytes (UTF-8)");
        }
        boolean crcOk = crcGiven.equals(crcExpected);
        if (!crcOk) {
            if (crcGiven.equalsIgnoreCase(crcExpected)) {
                notes.add("CRC: " + crcGiven + " is lower-case hex (the standard writes upper case)");
                crcOk = true;
            } else {
                for (CrcVariant other : CrcVariant.values()) {
                    if (other != variant && crcGiven.equalsIgnoreCase(other.hex(data))) {
                        notes.add("CRC: " + crcGiven + " is the " + other.settingName() + " variant, not "
                                + variant.settingName());
                        crcOk = true;
                    }
                }
            }
            if (!crcOk) {
                problems.add("CRC: frame has " + crcGiven + ", data segment gives " + crcExpected + " ("
                        + variant.settingName() + ")");
            }
        }
        String text = new String(data, StandardCharsets.UTF_8);
        Packet packet = null;
        if (dataLen > Packet.MAX_DATA_BYTES) {
            problems.add("length: data segment is " + dataLen + " bytes, over the limit of " + Packet.MAX_DATA_BYTES);
        }
        try {
            packet = Packet.parse(text);
        } catch (Hj212Exception e) {
            problems.add(e.getMessage());
        }
        return new Check(text, dataLen, declared, crcGiven, crcExpected, lengthOk, crcOk, problems, notes, packet);
    }

    /**
     * What {@link #check} found. {@code problems} make the frame unusable; {@code notes} are deviations a lenient
     * reader accepts (lower-case hex, another CRC variant). {@code packet} is null when the data segment is bad.
     */
    public record Check(String data, int byteLength, Integer declaredLength, String crcGiven, String crcExpected,
                        boolean lengthOk, boolean crcOk, List<String> problems, List<String> notes, Packet packet) {
        public boolean ok() {
            return problems.isEmpty();
        }

        public boolean strictOk() {
            return problems.isEmpty() && notes.isEmpty();
        }

        /** Field view for {@code ecogate hj212 decode --json} and the golden cases (one shape for both). */
        public java.util.Map<String, Object> describe() {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("ok", ok());
            m.put("strict", strictOk());
            m.put("declaredLength", declaredLength);
            m.put("byteLength", byteLength);
            m.put("lengthOk", lengthOk);
            m.put("crc", crcGiven);
            m.put("crcExpected", crcExpected);
            m.put("crcOk", crcOk);
            m.put("problems", problems);
            m.put("notes", notes);
            if (packet != null) {
                m.put("QN", packet.qn());
                m.put("ST", packet.st());
                m.put("CN", packet.cn());
                m.put("PW", packet.pw());
                m.put("MN", packet.mn());
                m.put("Flag", packet.flag());
                Hj212Version v = packet.flag() == null ? null : Hj212Version.ofFlag(packet.flag());
                m.put("version", v == null ? null : v.year());
                m.put("ackRequested", packet.ackRequested());
                m.put("PNUM", packet.pnum());
                m.put("PNO", packet.pno());
                m.put("CP", packet.cp().items());
            }
            return m;
        }
    }
}
