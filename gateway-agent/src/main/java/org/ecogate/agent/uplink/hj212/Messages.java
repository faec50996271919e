package org.ecogate.agent.uplink.hj212;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.config.Hj212UplinkConfig;
import org.ecogate.agent.model.Quality;
import org.ecogate.agent.model.Reading;
import org.ecogate.hj212.Cn;
import org.ecogate.hj212.Cp;
import org.ecogate.hj212.DataFlag;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Builds the CP of HJ 212 data messages from ecogate data: 2011 from the last readings, 2021 from equipment states,
 * 2051/2061 from minute/hour summaries, 2041 from daily ledgers. Stateless apart from its config; thread-safe.
 * Trap: a point without a GOOD value is sent as {@code -Flag=B} with no value, never as 0 (comm loss is not a stop).
 */
final class Messages {
    static final DateTimeFormatter DATA_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Hj212UplinkConfig cfg;

    Messages(Hj212UplinkConfig cfg) {
        this.cfg = cfg;
    }

    String dataTime(long ms) {
        return DATA_TIME.format(Instant.ofEpochMilli(ms).atZone(cfg.zoneId()));
    }

    long parseTime(String s) {
        return java.time.LocalDateTime.parse(s, DATA_TIME).atZone(cfg.zoneId()).toInstant().toEpochMilli();
    }

    /** 2011: {@code xxx-Rtd}, {@code xxx-Flag} per mapped point; a reading older than {@code staleMs} counts as lost. */
    Cp realtime(long now, long staleMs, LiveData live) {
        Map<String, Reading> latest = live.latest();
        Map<String, String> states = live.equipmentStates();
        Map<String, String> eqOf = live.pointEquipment();
        Cp.Builder b = Cp.builder().item("DataTime", dataTime(now));
        for (Map.Entry<String, String> f : new java.util.TreeMap<>(cfg.factors()).entrySet()) {
            Reading r = latest.get(f.getKey());
            if (r != null && now - r.ts() > staleMs) r = null;
            String eq = eqOf.get(f.getKey());
            DataFlag flag = flag(r, eq == null ? null : states.get(eq));
            b.newItem();
            if (r != null && r.value() != null) b.field(f.getValue() + "-Rtd", number(r.value()));
            b.field(f.getValue() + "-Flag", flag.name());
        }
        return b.build();
    }

    /** The data flag of a reading: quality first (no value: B), then the state of the equipment it belongs to. */
    static DataFlag flag(Reading r, String equipmentState) {
        if (r == null || r.quality() == Quality.COMM_FAULT) return DataFlag.B;
        if (r.quality() == Quality.OUT_OF_RANGE) return DataFlag.T;
        if (r.quality() != Quality.GOOD) return DataFlag.D;
        if ("STOPPED".equals(equipmentState)) return DataFlag.F;
        if ("ABNORMAL".equals(equipmentState)) return DataFlag.D;
        return DataFlag.N;
    }

    /** 2021: {@code SBn-RS} for mapped equipment with a known state (0 stopped, 1 running, 4 alarm); null if none. */
    Cp runStatus(long now, LiveData live) {
        Map<String, String> states = live.equipmentStates();
        Cp.Builder b = Cp.builder().item("DataTime", dataTime(now));
        int n = 0;
        for (Map.Entry<String, Integer> e : new java.util.TreeMap<>(cfg.equipment()).entrySet()) {
            String rs = switch (String.valueOf(states.get(e.getKey()))) {
                case "RUNNING" -> "1";
                case "STOPPED" -> "0";
                case "ABNORMAL" -> "4";
                default -> null; // OFFLINE / UNKNOWN: no data, which is not a stop: nothing is sent
            };
            if (rs != null) {
                b.item("SB" + e.getValue() + "-RS", rs);
                n++;
            }
        }
        return n == 0 ? null : b.build();
    }

    /** The CN of a summary doc key ("minute:fan1.current"), or null if this uplink does not send that kind. */
    String cnOf(String key) {
        String kind = key.substring(0, key.indexOf(':'));
        return switch (kind) {
            case "minute" -> cfg.sends("minute") ? Cn.MINUTE : null;
            case "hour" -> cfg.sends("hour") ? Cn.HOUR : null;
            case "ledger" -> cfg.sends("runtime") ? Cn.RUN_TIME_DAY : null;
            default -> null;
        };
    }

    /**
     * CP of one message from summary docs of one kind and period start (all of one window, committed together);
     * null when none of them is mapped (nothing to send, the cursor just moves on).
     */
    Cp summaries(String cn, List<BufferedRecord> group) {
        Cp.Builder b = Cp.builder().item("DataTime", dataTime(group.get(0).doc().ts()));
        int n = 0;
        for (BufferedRecord r : group) {
            JsonNode s;
            try {
                s = JSON.readTree(r.doc().body());
            } catch (java.io.IOException e) {
                continue;
            }
            String subject = s.path("subject").asText();
            if (Cn.RUN_TIME_DAY.equals(cn)) {
                Integer sb = cfg.equipment().get(subject);
                if (sb == null || !s.hasNonNull("runningSeconds")) continue;
                b.item("SB" + sb + "-RT", number(s.get("runningSeconds").asDouble() / 3600.0));
                n++;
                continue;
            }
            String code = cfg.factors().get(subject);
            if (code == null) continue;
            b.newItem();
            if (s.path("count").asLong() > 0) {
                if (s.hasNonNull("delta")) b.field(code + "-Cou", number(s.get("delta").asDouble()));
                b.field(code + "-Min", number(s.get("min").asDouble()));
                b.field(code + "-Avg", number(s.get("avg").asDouble()));
                b.field(code + "-Max", number(s.get("max").asDouble()));
                b.field(code + "-Flag", windowFlag(s).name());
            } else {
                b.field(code + "-Flag", DataFlag.B.name()); // no GOOD sample in the window
            }
            n++;
        }
        return n == 0 ? null : b.build();
    }

    /** A window's flag: B when it holds less than {@link #MIN_COVERAGE} of its expected samples (readings missing), else N. */
    static DataFlag windowFlag(JsonNode summary) {
        JsonNode c = summary.path("coverage");
        return c.isNumber() && c.asDouble() < MIN_COVERAGE ? DataFlag.B : DataFlag.N;
    }

    /** Coverage below which a minute/hour value is flagged B (HJ 75's 45 of 60 minutes for a valid hour). */
    static final double MIN_COVERAGE = 0.75;

    /** Start of the local day that the hour window starting at {@code hourStart} closes, or -1 if it closes none. */
    long dayClosedBy(long hourStart) {
        java.time.ZonedDateTime end = Instant.ofEpochMilli(hourStart).atZone(cfg.zoneId()).plusHours(1);
        return end.getHour() == 0 ? end.minusDays(1).toInstant().toEpochMilli() : -1;
    }

    /**
     * 2031 from the hour summaries of one day: per mapped point Min of the hours' minima, Max of their maxima, Avg
     * weighted by sample count, Cou the sum of the hours' increases; null when none is mapped.
     */
    Cp day(long dayStart, List<BufferedRecord> hours) {
        Map<String, double[]> acc = new java.util.TreeMap<>(); // count, min, max, sum, cou (NaN: no counter)
        for (BufferedRecord r : hours) {
            JsonNode s;
            try {
                s = JSON.readTree(r.doc().body());
            } catch (java.io.IOException e) {
                continue;
            }
            String code = cfg.factors().get(s.path("subject").asText());
            if (code == null) continue;
            double[] a = acc.computeIfAbsent(code, k -> new double[] {0, Double.MAX_VALUE, -Double.MAX_VALUE, 0, Double.NaN});
            long n = s.path("count").asLong();
            if (s.hasNonNull("delta")) a[4] = (Double.isNaN(a[4]) ? 0 : a[4]) + s.get("delta").asDouble();
            if (n == 0) continue;
            a[0] += n;
            a[1] = Math.min(a[1], s.get("min").asDouble());
            a[2] = Math.max(a[2], s.get("max").asDouble());
            a[3] += s.get("avg").asDouble() * n;
        }
        if (acc.isEmpty()) return null;
        Cp.Builder b = Cp.builder().item("DataTime", dataTime(dayStart));
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            String code = e.getKey();
            b.newItem();
            if (a[0] > 0) {
                if (!Double.isNaN(a[4])) b.field(code + "-Cou", number(a[4]));
                b.field(code + "-Min", number(a[1]));
                b.field(code + "-Avg", number(a[3] / a[0]));
                b.field(code + "-Max", number(a[2]));
                b.field(code + "-Flag", DataFlag.N.name());
            } else {
                b.field(code + "-Flag", DataFlag.B.name());
            }
        }
        return b.build();
    }

    static String number(double v) {
        BigDecimal d = BigDecimal.valueOf(v).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
    }
}
