package org.ecogate.sim.hj212;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The checks of {@link Hj212Audit}, one per kind of message, on messages merged by DataTime (site time, 14 digits:
 * they sort as text). Stateless. Trap: a window's parts may be partly missing (the site started mid-hour): only what
 * the received parts determine is checked, e.g. {@code -Cou} only when the received parts follow each other.
 */
final class Windows {
    private Windows() {
    }

    /**
     * Each whole ({@code cn} 2061 or 2031) against the parts received in its window ({@code partMinutes} long: 2051
     * minutes of an hour, 2061 hours of a day); returns how many wholes were checked.
     */
    static long check(String mn, String cn, TreeMap<String, Map<String, String>> wholes, TreeMap<String, Map<String, String>> parts,
                      long partMinutes, List<Hj212Audit.Difference> out) {
        long n = 0;
        long step = "2061".equals(cn) ? 1 : 60; // minutes between parts
        for (Map.Entry<String, Map<String, String>> w : wholes.entrySet()) {
            LocalDateTime start = Hj212Audit.time(w.getKey());
            Map<String, Map<String, String>> in = parts.subMap(w.getKey(), Hj212Audit.text(start.plusMinutes(partMinutes)));
            n++;
            boolean contiguous = true;
            LocalDateTime prev = null;
            for (String t : in.keySet()) {
                LocalDateTime at = Hj212Audit.time(t);
                if (prev != null && !prev.plusMinutes(step).equals(at)) contiguous = false;
                prev = at;
            }
            for (String code : codes(w.getValue())) {
                Map<String, String> whole = w.getValue();
                List<Map<String, String>> withValues = new ArrayList<>();
                for (Map<String, String> p : in.values()) if (p.containsKey(code + "-Avg")) withValues.add(p);
                if (!whole.containsKey(code + "-Avg")) {
                    if (!withValues.isEmpty()) add(out, mn, cn, w.getKey(), code + "-Avg", "-", withValues.size() + " parts with values");
                    continue;
                }
                if (withValues.isEmpty()) {
                    add(out, mn, cn, w.getKey(), code + "-Avg", whole.get(code + "-Avg"), "no part with values received");
                    continue;
                }
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                double avgLo = Double.POSITIVE_INFINITY;
                double avgHi = Double.NEGATIVE_INFINITY;
                double cou = 0;
                boolean allCou = true;
                for (Map<String, String> p : withValues) {
                    min = Math.min(min, num(p, code + "-Min"));
                    max = Math.max(max, num(p, code + "-Max"));
                    avgLo = Math.min(avgLo, num(p, code + "-Avg"));
                    avgHi = Math.max(avgHi, num(p, code + "-Avg"));
                    if (p.containsKey(code + "-Cou")) cou += num(p, code + "-Cou"); else allCou = false;
                }
                // rounding to 3 decimals is monotonic: the min of rounded minima is the rounded minimum
                if (num(whole, code + "-Min") != min) add(out, mn, cn, w.getKey(), code + "-Min", whole.get(code + "-Min"), fmt(min));
                if (num(whole, code + "-Max") != max) add(out, mn, cn, w.getKey(), code + "-Max", whole.get(code + "-Max"), fmt(max));
                double avg = num(whole, code + "-Avg");
                if (avg < avgLo - Hj212Audit.ROUNDING || avg > avgHi + Hj212Audit.ROUNDING) {
                    add(out, mn, cn, w.getKey(), code + "-Avg", whole.get(code + "-Avg"), "outside the parts' averages [" + fmt(avgLo) + ", " + fmt(avgHi) + "]");
                }
                if (whole.containsKey(code + "-Cou") && allCou && contiguous && withValues.size() == in.size()) {
                    double tolerance = Hj212Audit.ROUNDING * (withValues.size() + 1) + 1e-9;
                    if (Math.abs(num(whole, code + "-Cou") - cou) > tolerance) add(out, mn, cn, w.getKey(), code + "-Cou", whole.get(code + "-Cou"), fmt(cou));
                }
            }
        }
        return n;
    }

    /**
     * Each 2011 value with flag N or F (a sample with a value) lies within [Min, Max] of the 2051 minute it was sent in
     * or the one before (the value sent may be the latest reading of the previous minute); returns the minutes checked.
     */
    static long samples(String mn, TreeMap<String, Map<String, String>> minutes, TreeMap<String, Map<String, String>> realtime,
                        List<Hj212Audit.Difference> out) {
        TreeSet<String> checked = new TreeSet<>();
        for (Map.Entry<String, Map<String, String>> r : realtime.entrySet()) {
            LocalDateTime minute = Hj212Audit.time(r.getKey()).withSecond(0);
            Map<String, String> m = minutes.get(Hj212Audit.text(minute));
            Map<String, String> before = minutes.get(Hj212Audit.text(minute.minusMinutes(1)));
            for (String code : codes(r.getValue())) {
                String flag = r.getValue().get(code + "-Flag");
                if (!r.getValue().containsKey(code + "-Rtd") || !("N".equals(flag) || "F".equals(flag))) continue;
                if (m == null || before == null || !m.containsKey(code + "-Min") || !before.containsKey(code + "-Min")) continue;
                double v = num(r.getValue(), code + "-Rtd");
                double lo = Math.min(num(m, code + "-Min"), num(before, code + "-Min")) - Hj212Audit.ROUNDING;
                double hi = Math.max(num(m, code + "-Max"), num(before, code + "-Max")) + Hj212Audit.ROUNDING;
                checked.add(Hj212Audit.text(minute));
                if (v < lo || v > hi) {
                    add(out, mn, "2051", Hj212Audit.text(minute), code + "-Min/Max", "[" + m.get(code + "-Min") + ", " + m.get(code + "-Max") + "]",
                            "2011 " + r.getKey() + " sent " + code + "-Rtd=" + r.getValue().get(code + "-Rtd"));
                }
            }
        }
        return checked.size();
    }

    /** Each 2041's {@code SBn-RT} (running hours of the day) is between 0 and the day's 24 hours (25 on a DST day); returns the days checked. */
    static long runHours(String mn, TreeMap<String, Map<String, String>> days, List<Hj212Audit.Difference> out) {
        for (Map.Entry<String, Map<String, String>> d : days.entrySet()) {
            for (Map.Entry<String, String> f : d.getValue().entrySet()) {
                if (!f.getKey().endsWith("-RT")) continue;
                double h = Double.parseDouble(f.getValue());
                if (h < 0 || h > 25 + Hj212Audit.ROUNDING) add(out, mn, "2041", d.getKey(), f.getKey(), f.getValue(), "0 to 24 hours");
            }
        }
        return days.size();
    }

    /** The factor codes of a message: every {@code code-Flag}. */
    private static List<String> codes(Map<String, String> fields) {
        List<String> out = new ArrayList<>();
        for (String k : fields.keySet()) if (k.endsWith("-Flag")) out.add(k.substring(0, k.length() - "-Flag".length()));
        return out;
    }

    private static double num(Map<String, String> m, String key) {
        return Double.parseDouble(m.get(key));
    }

    private static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static void add(List<Hj212Audit.Difference> out, String mn, String cn, String dataTime, String field, String reported, String recomputed) {
        out.add(new Hj212Audit.Difference(mn, cn, dataTime, field, reported, recomputed));
    }
}
