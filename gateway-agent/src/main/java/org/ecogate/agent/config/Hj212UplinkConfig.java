package org.ecogate.agent.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One HJ 212 platform in the {@code hj212:} list (beside the ecogate MQTT uplink). Immutable once resolved; the
 * password is never logged. Trap: {@code factors} map ecogate points to the platform's factor codes, and only mapped
 * points are sent; {@code equipment} maps detector equipment to the SBn number of 2021/2041.
 *
 * @param name             id of this uplink (its delivery cursor in the buffer is named after it)
 * @param send             which data: realtime (2011), minute (2051), hour (2061), day (2031, from the hour summaries),
 *                         status (2021), runtime (2041)
 * @param timeout          wait for a 9014 (standard default 10 s)
 * @param retries          resends before the record is kept for later (standard default 3)
 * @param maxAge           summaries older than this are given up for this platform (recorded as a gap); 0 = never
 * @param heartbeat        2025 only: a 9015 heartbeat after this long without traffic (default 60s; 0 = none)
 * @param acceptTime       whether this platform's 1012 may set the agent's (corrected) wall time (default false)
 */
public record Hj212UplinkConfig(
        String name,
        String host,
        Integer port,
        String mn,
        String pw,
        String st,
        String version,
        String crc,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration timeout,
        Integer retries,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration realtimeInterval,
        List<String> send,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration maxAge,
        String zone,
        Map<String, String> factors,
        Map<String, Integer> equipment,
        @JsonDeserialize(using = Durations.Deserializer.class) Duration heartbeat,
        Boolean acceptTime) {
    public static final List<String> DATA = List.of("realtime", "minute", "hour", "day", "status", "runtime");

    public boolean sends(String what) {
        return send.contains(what);
    }

    public ZoneId zoneId() {
        return ZoneId.of(zone);
    }

    /** Defaults filled and every field checked; {@code points}/{@code equipmentIds} are what the config defines. */
    static List<Hj212UplinkConfig> resolve(List<Hj212UplinkConfig> raw, Set<String> points, Set<String> equipmentIds,
                                           BufferConfig.Problem problem) throws ConfigException {
        if (raw == null) return List.of();
        List<Hj212UplinkConfig> out = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < raw.size(); i++) {
            Hj212UplinkConfig u = raw.get(i);
            String at = "[" + i + "].";
            BufferConfig.Problem p = (key, msg) -> problem.at(at + key, msg);
            if (u == null) throw problem.at("[" + i + "]", "empty entry");
            String name = u.name() == null ? "hj212-" + (i + 1) : u.name();
            if (!name.matches("[A-Za-z0-9_-]{1,32}")) throw p.at("name", "'" + name + "' is not an id (letters, digits, _ -)");
            if (!names.add(name)) throw p.at("name", "'" + name + "' is used twice");
            if (u.host() == null) throw p.at("host", "missing: the platform's host name or address");
            if (u.port() == null || u.port() < Settings.HJ212_PORT.min() || u.port() > Settings.HJ212_PORT.max()) {
                throw p.at("port", "missing or out of range " + Settings.HJ212_PORT.rangeText());
            }
            if (u.mn() == null || !u.mn().matches("[^;,&=\\s]{1,24}")) throw p.at("mn", "missing or not 1..24 characters (the site's MN)");
            if (u.pw() == null || !u.pw().matches("[^;,&=\\s]{1,9}")) throw p.at("pw", "missing or not 1..9 characters (the access password)");
            String st = Settings.HJ212_ST.or(u.st());
            if (!st.matches("\\d{2}")) throw p.at("st", "'" + st + "' is not 2 digits (31 flue gas, 32 wastewater, ...)");
            String version = Settings.HJ212_VERSION.or(u.version());
            if (!version.equals("2017") && !version.equals("2025")) throw p.at("version", "'" + version + "': expected 2017 or 2025");
            String crc = Settings.HJ212_CRC.or(u.crc());
            if (!crc.matches("hj212|modbus|modbus-swapped")) throw p.at("crc", "'" + crc + "': expected hj212, modbus or modbus-swapped");
            Duration timeout = Settings.HJ212_TIMEOUT.or(u.timeout());
            if (timeout.compareTo(Settings.HJ212_TIMEOUT.min()) < 0) throw p.at("timeout", "too short (" + Settings.HJ212_TIMEOUT.rangeText() + ")");
            int retries = Settings.HJ212_RETRIES.or(u.retries());
            if (retries < Settings.HJ212_RETRIES.min() || retries > Settings.HJ212_RETRIES.max()) {
                throw p.at("retries", retries + " is out of range " + Settings.HJ212_RETRIES.rangeText());
            }
            Duration rtd = Settings.HJ212_REALTIME_INTERVAL.or(u.realtimeInterval());
            if (rtd.compareTo(Settings.HJ212_REALTIME_INTERVAL.min()) < 0) {
                throw p.at("realtimeInterval", "too short (" + Settings.HJ212_REALTIME_INTERVAL.rangeText() + ")");
            }
            List<String> send = u.send() == null ? DATA : List.copyOf(u.send());
            for (String s : send) {
                if (!DATA.contains(s)) throw p.at("send", "'" + s + "': expected some of " + String.join(", ", DATA));
            }
            Duration maxAge = Settings.HJ212_MAX_AGE.or(u.maxAge());
            String zone = Settings.HJ212_ZONE.or(u.zone());
            try {
                ZoneId.of(zone);
            } catch (java.time.DateTimeException e) {
                throw p.at("zone", "'" + zone + "' is not a time zone (e.g. Asia/Shanghai)");
            }
            Map<String, String> factors = u.factors() == null ? Map.of() : new LinkedHashMap<>(u.factors());
            for (Map.Entry<String, String> f : factors.entrySet()) {
                if (!points.contains(f.getKey())) throw p.at("factors", "point '" + f.getKey() + "' is not defined by any device");
                if (f.getValue() == null || !f.getValue().matches("[A-Za-z0-9]{1,16}")) {
                    throw p.at("factors", "'" + f.getValue() + "' for " + f.getKey() + " is not a factor code (e.g. a21026)");
                }
            }
            Map<String, Integer> equipment = u.equipment() == null ? Map.of() : new LinkedHashMap<>(u.equipment());
            for (Map.Entry<String, Integer> e : equipment.entrySet()) {
                if (!equipmentIds.contains(e.getKey())) throw p.at("equipment", "'" + e.getKey() + "' is not detection equipment");
                if (e.getValue() == null || e.getValue() < 1 || e.getValue() > 99) throw p.at("equipment", e.getKey() + ": SB number out of range 1..99");
            }
            Duration heartbeat = Settings.HJ212_HEARTBEAT.or(u.heartbeat());
            if (!heartbeat.isZero() && heartbeat.compareTo(Duration.ofSeconds(1)) < 0) throw p.at("heartbeat", "too short (at least 1s, or 0 for none)");
            if (!heartbeat.isZero() && u.heartbeat() != null && !version.equals("2025")) {
                throw p.at("heartbeat", "the 9015 heartbeat is HJ 212-2025 only (set version: 2025)");
            }
            out.add(new Hj212UplinkConfig(name, u.host(), u.port(), u.mn(), u.pw(), st, version, crc, timeout, retries, rtd,
                    send, maxAge, zone, Map.copyOf(factors), Map.copyOf(equipment), heartbeat,
                    Settings.HJ212_ACCEPT_TIME.or(u.acceptTime())));
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return "Hj212UplinkConfig[name=" + name + ", " + host + ":" + port + ", mn=" + mn + ", pw=***, st=" + st
                + ", version=" + version + ", send=" + send + ", acceptTime=" + acceptTime + "]";
    }
}
