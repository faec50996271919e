package org.ecogate.hj212;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits a packet whose CP is too long into PNUM packets numbered PNO 1..PNUM with the D bit set, all with the same
 * QN; items named in {@code repeated} (DataTime, BeginTime, EndTime) go into every part. Stateless.
 * Trap: limits are counted in UTF-8 bytes here (a stricter reading of the 950-character CP limit) so that the
 * whole data segment always stays within 1024 bytes.
 */
public final class Splitter {
    private static final List<String> REPEATED = List.of("DataTime", "BeginTime", "EndTime");
    /** Room for QN..PNO: the longest header is 17+2+4+9+24+3+4+4 digits plus names and separators, < 100 bytes. */
    static final int HEADER_ROOM = 110;

    private Splitter() {
    }

    public static List<Packet> split(Packet p) {
        int limit = Math.min(Packet.MAX_CP_CHARS, Packet.MAX_DATA_BYTES - HEADER_ROOM);
        if (bytes(p.cp().text()) <= limit) {
            return List.of(p);
        }
        List<Map<String, String>> common = new ArrayList<>();
        List<Map<String, String>> rest = new ArrayList<>();
        for (Map<String, String> item : p.cp().items()) {
            boolean rep = item.size() == 1 && REPEATED.contains(item.keySet().iterator().next());
            (rep ? common : rest).add(item);
        }
        int commonBytes = bytes(new Cp(common).text());
        List<List<Map<String, String>>> parts = new ArrayList<>();
        List<Map<String, String>> cur = new ArrayList<>(common);
        int curBytes = commonBytes;
        for (Map<String, String> item : rest) {
            int b = bytes(new Cp(List.of(item)).text()) + 1;
            if (commonBytes + b > limit) {
                throw new IllegalArgumentException("CP item " + item.keySet() + " alone is over " + limit + " bytes");
            }
            if (curBytes + b > limit && cur.size() > common.size()) {
                parts.add(cur);
                cur = new ArrayList<>(common);
                curBytes = commonBytes;
            }
            cur.add(item);
            curBytes += b;
        }
        parts.add(cur);
        int flag = (p.flag() == null ? 0 : p.flag()) | 2;
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new Packet(p.qn(), p.st(), p.cn(), p.pw(), p.mn(), flag, parts.size(), i + 1,
                    new Cp(parts.get(i))));
        }
        return out;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
