package org.ecogate.agent.cli;

import org.ecogate.agentstatus.AgentStatus;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The lines of {@code ecogate status} for facilities, devices and delivery; times in the site's zone. Stateless. */
final class StatusLines {
    private static final DateTimeFormatter HUMAN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private StatusLines() {}

    static String time(long ms, ZoneId zone) {
        return ms <= 0 ? "-" : HUMAN.format(Instant.ofEpochMilli(ms).atZone(zone));
    }

    /** "facility tf1: production running, treatment STOPPED (fan1), outage open since 2026-12-06 10:15:02". */
    static String facility(AgentStatus.Facility f, ZoneId zone) {
        String treatment = f.treatment().equals("stopped") ? "STOPPED" + (f.abnormal() == null ? "" : " (" + String.join(", ", f.abnormal()) + ")")
                : f.treatment();
        return "facility " + f.id() + ": production " + f.production() + ", treatment " + treatment + ", "
                + (f.outageSince() == null ? "no outage open" : "OUTAGE open since " + time(f.outageSince(), zone));
    }

    /** One line per device: its state and, when it ever failed, its last error and when. */
    static String devices(AgentStatus st, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        if (st.devices() == null || st.devices().isEmpty()) {
            return AgentStatus.STOPPED.equals(st.state()) ? "devices: not polled (the agent stopped)\n" : "devices: none\n";
        }
        Map<String, AgentStatus.DeviceError> errors = st.deviceErrors() == null ? Map.of() : st.deviceErrors();
        for (Map.Entry<String, String> d : st.devices().entrySet()) {
            AgentStatus.DeviceError e = errors.get(d.getKey());
            sb.append(String.format("device %-16s %-9s%s%n", d.getKey(), d.getValue(),
                    e == null ? "" : " last error " + time(e.time(), zone) + ": " + e.error()));
        }
        return sb.toString();
    }

    /** "delivery sync: platform not answering, health yellow, last confirmed by the platform 12 s ago, oldest unconfirmed 14 s old". */
    static String delivery(AgentStatus.Delivery d, long now, boolean running) {
        String confirmed = d.lastConfirmed() <= 0 ? "nothing confirmed by the platform since start"
                : "last confirmed by the platform " + Math.max(0, (now - d.lastConfirmed()) / 1000) + " s ago";
        String oldest = d.oldestUnconfirmed() <= 0 ? "nothing unconfirmed"
                : "oldest unconfirmed reading " + Math.max(0, (now - d.oldestUnconfirmed()) / 1000) + " s old";
        return "delivery " + d.uplink() + ": " + (running ? d.state() + ", health " + d.health() : "not running") + ", "
                + confirmed + ", " + oldest;
    }
}
