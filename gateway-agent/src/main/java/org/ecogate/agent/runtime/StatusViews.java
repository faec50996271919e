package org.ecogate.agent.runtime;

import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.FacilityConfig;
import org.ecogate.agent.detect.Event;
import org.ecogate.agentstatus.AgentStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a person asks first, derived for the status: per facility "is production running, is treatment running, is
 * an outage open since when", and the overall colour with its reasons (the worst of the plant's colour and every
 * uplink's delivery colour). Pure, thread-safe. Trap: OFFLINE/UNKNOWN equipment makes an answer "unknown", never
 * "stopped" (no data is not a stop).
 */
public final class StatusViews {
    /** The overall colour (null without detection and with every delivery green), and why it is not green. */
    public record Health(String colour, List<String> reasons) {}

    private StatusViews() {}

    /** Each configured facility now, from the equipment states and the open events. */
    public static List<AgentStatus.Facility> facilities(DetectionConfig detection, Map<String, String> equipment, List<Event> open) {
        List<AgentStatus.Facility> out = new ArrayList<>();
        if (detection == null || equipment == null) return out;
        for (FacilityConfig f : detection.facilities()) {
            String production = f.production().isEmpty() ? "always" : "stopped";
            boolean unknownProd = false;
            for (String p : f.production()) {
                String st = equipment.getOrDefault(p, "UNKNOWN");
                if (st.equals("RUNNING") || st.equals("ABNORMAL")) production = "running";
                else if (!st.equals("STOPPED")) unknownProd = true;
            }
            if (production.equals("stopped") && unknownProd) production = "unknown";
            String treatment = "running";
            List<String> abnormal = new ArrayList<>();
            for (String e : f.equipment()) {
                String st = equipment.getOrDefault(e, "UNKNOWN");
                if (st.equals("STOPPED") || st.equals("ABNORMAL")) abnormal.add(e);
                else if (!st.equals("RUNNING") && treatment.equals("running")) treatment = "unknown";
            }
            if (!abnormal.isEmpty()) treatment = "stopped";
            Long since = null;
            for (Event ev : open) {
                if (Event.OUTAGE.equals(ev.type()) && f.id().equals(ev.facility())) since = ev.start();
            }
            out.add(new AgentStatus.Facility(f.id(), production, treatment, abnormal.isEmpty() ? null : abnormal, since));
        }
        return out;
    }

    /** The worst of {@code plant} (the detector's colour, null without detection) and the deliveries, with reasons. */
    public static Health health(String plant, Map<String, String> equipment, List<Event> open, List<AgentStatus.Delivery> delivery) {
        List<String> reasons = new ArrayList<>();
        for (Event e : open) {
            if (Event.OUTAGE.equals(e.type())) {
                reasons.add("outage open at facility " + e.facility() + " (" + String.join(", ", e.equipment()) + ")");
            } else if (Event.WARNING.equals(e.type())) {
                reasons.add("warning " + (e.level() == null ? "" : e.level() + " ") + "on " + (e.point() != null ? e.point() : e.facility()));
            } else if (Event.DATA_GAP.equals(e.type())) {
                reasons.add("data gap open" + (e.equipment().isEmpty() ? "" : ": " + String.join(", ", e.equipment())));
            }
        }
        if (equipment != null) equipment.forEach((id, st) -> {
            if (st.equals("OFFLINE")) reasons.add("equipment " + id + " OFFLINE (no data)");
        });
        String colour = plant;
        for (AgentStatus.Delivery d : delivery) {
            if (d.health() == null || d.health().equals("green")) continue;
            colour = worst(colour, d.health());
            if (d.reason() != null) reasons.add(d.reason());
        }
        if (colour != null && colour.equals("green")) reasons.clear();
        return new Health(colour, List.copyOf(reasons));
    }

    static String worst(String a, String b) {
        if (a == null) return b;
        return rank(b) > rank(a) ? b : a;
    }

    private static int rank(String colour) {
        return switch (colour) {
            case "red" -> 2;
            case "yellow" -> 1;
            default -> 0;
        };
    }
}
