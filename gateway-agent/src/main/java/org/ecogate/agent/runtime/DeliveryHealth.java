package org.ecogate.agent.runtime;

import org.ecogate.agentstatus.AgentStatus;
import org.ecogate.agentstatus.StreamCounters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Does the platform get the data? Per uplink: when it last confirmed something, how old the oldest unconfirmed
 * record is, and a state with its colour: "platform not answering" (broker connected, records waiting and no ack
 * for longer than ackTimeout + latency: yellow; for {@code redAfter}: red) is its own state, apart from an
 * unreachable broker. Pure (times in, records out), thread-safe. Trap: an idle stream with an old last ack is not
 * silence: only records that wait count, and silence is counted from the platform's last ack on any stream (a
 * summary's stamp is its window's start, older than the summary itself).
 */
public final class DeliveryHealth {
    public static final String OK = "ok";
    public static final String NOT_ANSWERING = "platform not answering";
    public static final String BROKER_UNREACHABLE = "broker unreachable";
    public static final String NOT_CONNECTED = "not connected";

    private DeliveryHealth() {}

    /**
     * The sync uplink's delivery at {@code now} (epoch ms): {@code sync} the sender's view, {@code counters} the
     * buffer's per stream (readings included), {@code bound} ackTimeout + latency, {@code redAfter} the red bound.
     */
    public static AgentStatus.Delivery sync(AgentStatus.Sync sync, Map<String, StreamCounters> counters, Duration bound,
                                            Duration redAfter, long now) {
        long lastConfirmed = 0, oldest = 0, waiting = 0;
        boolean connected = sync != null && sync.connected();
        Map<String, AgentStatus.SyncStream> streams = sync == null || sync.streams() == null ? Map.of() : sync.streams();
        for (Map.Entry<String, AgentStatus.SyncStream> e : streams.entrySet()) {
            long ack = e.getValue().lastAckMillis();
            lastConfirmed = Math.max(lastConfirmed, ack);
            StreamCounters c = counters.get(e.getKey());
            if (c == null || c.backlog() <= 0 || c.oldestUnackedTs() <= 0) continue;
            waiting += c.backlog();
            oldest = oldest == 0 ? c.oldestUnackedTs() : Math.min(oldest, c.oldestUnackedTs());
        }
        // silent since the later of the platform's last ack (any stream) and the oldest waiting record: a minute summary
        // is stamped with its window's start, a minute before it is even sent, so a stream's own stamp is no measure
        long silence = waiting == 0 ? 0 : now - Math.max(lastConfirmed, oldest);
        String state = !connected ? BROKER_UNREACHABLE : silence > bound.toMillis() ? NOT_ANSWERING : OK;
        String health = silence > redAfter.toMillis() ? "red" : silence > bound.toMillis() ? "yellow" : "green";
        String reason = null;
        if (NOT_ANSWERING.equals(state)) {
            reason = "platform not answering: broker connected, but " + confirmed(lastConfirmed, now) + " while "
                    + waiting + " records wait";
        } else if (BROKER_UNREACHABLE.equals(state)) {
            reason = "broker unreachable: " + confirmed(lastConfirmed, now) + ", " + waiting + " records wait";
        }
        return new AgentStatus.Delivery("sync", state, health, reason, lastConfirmed, age(lastConfirmed, now),
                oldest, age(oldest, now));
    }

    /** One HJ 212 platform: its 9014 answers are its confirmations; yellow while it is not connected. */
    public static AgentStatus.Delivery hj212(AgentStatus.PlatformUplink u, long now) {
        String state = u.connected() ? OK : NOT_CONNECTED;
        String reason = u.connected() ? null : "HJ 212 uplink " + u.name() + " not connected"
                + (u.lastError() == null ? "" : ": " + u.lastError());
        return new AgentStatus.Delivery(u.name(), state, u.connected() ? "green" : "yellow", reason, u.lastAckMillis(),
                age(u.lastAckMillis(), now), 0, -1);
    }

    /** Every uplink's delivery: the sync first, then each HJ 212 platform. */
    public static List<AgentStatus.Delivery> all(AgentStatus.Sync sync, Map<String, StreamCounters> counters,
                                                 List<AgentStatus.PlatformUplink> hj212, Duration bound, Duration redAfter,
                                                 long now) {
        List<AgentStatus.Delivery> out = new ArrayList<>();
        out.add(sync(sync, counters, bound, redAfter, now));
        if (hj212 != null) for (AgentStatus.PlatformUplink u : hj212) out.add(hj212(u, now));
        return out;
    }

    private static String confirmed(long lastConfirmed, long now) {
        return lastConfirmed <= 0 ? "nothing confirmed since start" : "last confirmed " + age(lastConfirmed, now) + " s ago";
    }

    private static long age(long ts, long now) {
        return ts <= 0 ? -1 : Math.max(0, (now - ts) / 1000);
    }
}
