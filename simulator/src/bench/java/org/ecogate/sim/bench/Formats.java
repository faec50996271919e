package org.ecogate.sim.bench;

import org.ecogate.sync.SyncRecord;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same live poll cycles in the formats a plant gateway could send instead, with what each costs on the wire per
 * reading: HJ 212-2017 real-time frames (CN=2011, bare TCP, no answer), plain JSON telemetry over MQTT QoS 1
 * (PUBLISH + PUBACK), Sparkplug B DDATA with aliases over MQTT QoS 0 (hand-encoded protobuf: payload timestamp +
 * seq, per metric alias + value, as after a DBIRTH). Pure functions; not a codec of the product.
 */
final class Formats {
    private Formats() {}

    static void print(List<List<SyncRecord>> cycles) {
        long n = 0, hj = 0, json = 0, sp = 0;
        Map<String, Integer> alias = new LinkedHashMap<>();
        long seq = 0;
        for (List<SyncRecord> c : cycles) {
            n += c.size();
            hj += hj212(c);
            json += mqttQos1(("ecogate/plant/telemetry").length(), json(c).length);
            Map<String, List<SyncRecord>> byDevice = new LinkedHashMap<>();
            for (SyncRecord r : c) byDevice.computeIfAbsent(r.point().substring(0, r.point().indexOf('.')), k -> new java.util.ArrayList<>()).add(r);
            for (Map.Entry<String, List<SyncRecord>> e : byDevice.entrySet()) {
                byte[] p = sparkplug(e.getValue(), alias, seq++ % 256);
                sp += mqttQos0(("spBv1.0/plant/DDATA/gw1/" + e.getKey()).length(), p.length);
            }
        }
        System.out.printf("HJ 212 text (CN=2011 per cycle, bare TCP):           %6.2f%n", (double) hj / n);
        System.out.printf("plain JSON per cycle (MQTT QoS 1, PUBLISH+PUBACK):   %6.2f%n", (double) json / n);
        System.out.printf("Sparkplug B DDATA with aliases (MQTT QoS 0):        %6.2f%n", (double) sp / n);
    }

    static long mqttQos1(int topicLen, int payload) {
        return mqttQos0(topicLen, payload + 2) + 4;
    }

    static long mqttQos0(int topicLen, int payload) {
        int rem = 2 + topicLen + payload;
        return 1 + (rem < 128 ? 1 : rem < 16384 ? 2 : 3) + rem;
    }

    static String fmt(Double v) {
        if (v == null) return "null";
        String s = (double) (float) (double) v == v ? Float.toString((float) (double) v) : Double.toString(v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    static byte[] json(List<SyncRecord> c) {
        StringBuilder sb = new StringBuilder("{\"ts\":").append(c.get(0).ts()).append(",\"values\":{");
        for (int i = 0; i < c.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append('"').append(c.get(i).point()).append("\":").append(fmt(c.get(i).value()));
        }
        return sb.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static long hj212(List<SyncRecord> c) {
        DateTimeFormatter qn = DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneOffset.UTC);
        DateTimeFormatter dt = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);
        Instant ts = Instant.ofEpochMilli(c.get(0).ts());
        StringBuilder cp = new StringBuilder();
        int i = 0;
        for (SyncRecord r : c) {
            String code = "a" + String.format("%05d", 34000 + i++);
            if (cp.length() > 0) cp.append(';');
            cp.append(code).append("-Rtd=").append(fmt(r.value())).append(',').append(code).append("-Flag=N");
        }
        String seg = "QN=" + qn.format(ts) + ";ST=32;CN=2011;PW=123456;MN=010000A8900016F000169DC0;Flag=4;CP=&&DataTime="
                + dt.format(ts) + ";" + cp + "&&";
        return 2 + 4 + seg.getBytes(StandardCharsets.UTF_8).length + 4 + 2; // ## len data CRC \r\n
    }

    static byte[] sparkplug(List<SyncRecord> rs, Map<String, Integer> alias, long seq) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x08);
        varint(p, rs.get(0).ts());
        for (SyncRecord r : rs) {
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.write(0x10);
            varint(m, alias.computeIfAbsent(r.point(), k -> alias.size() + 1));
            double v = r.value();
            if (r.point().endsWith(".run")) {
                m.write(0x70); // boolean_value = 14
                m.write(v != 0 ? 1 : 0);
            } else if ((double) (float) v == v) {
                m.write(0x65); // float_value = 12, fixed32
                int b = Float.floatToIntBits((float) v);
                for (int i = 0; i < 4; i++) m.write(b >>> (8 * i));
            } else {
                m.write(0x69); // double_value = 13, fixed64
                long b = Double.doubleToLongBits(v);
                for (int i = 0; i < 8; i++) m.write((int) (b >>> (8 * i)));
            }
            p.write(0x12);
            varint(p, m.size());
            p.writeBytes(m.toByteArray());
        }
        p.write(0x18);
        varint(p, seq);
        return p.toByteArray();
    }

    private static void varint(ByteArrayOutputStream o, long v) {
        while ((v & ~0x7FL) != 0) {
            o.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        o.write((int) v);
    }
}
