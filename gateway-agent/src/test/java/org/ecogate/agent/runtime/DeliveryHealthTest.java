package org.ecogate.agent.runtime;

import org.ecogate.agentstatus.AgentStatus;
import org.ecogate.agentstatus.StreamCounters;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 23 item 2: "platform not answering" is its own state, yellow after ackTimeout + latency, red after redAfter. */
class DeliveryHealthTest {
    private static final long T0 = 1_800_000_000_000L;
    private static final Duration BOUND = Duration.ofSeconds(6);
    private static final Duration RED = Duration.ofMinutes(15);

    private static AgentStatus.Sync sync(boolean connected, long lastAck) {
        return new AgentStatus.Sync(connected, 0, Map.of("readings", new AgentStatus.SyncStream(10, 12, 1, 0, 3, lastAck, null, null),
                "events", new AgentStatus.SyncStream(2, 2, 0, 0, 30, T0 - 3_600_000, null, null)), null);
    }

    private static Map<String, StreamCounters> waiting(long oldest, long backlog) {
        return Map.of("readings", new StreamCounters(12 + backlog, 10, backlog, oldest), "events", new StreamCounters(2, 2, 0, 0));
    }

    @Test
    void acksArrivingIsOkAndGreenWithTheLastConfirmationsAge() {
        AgentStatus.Delivery d = DeliveryHealth.sync(sync(true, T0 - 1_000), waiting(T0 - 2_000, 20), BOUND, RED, T0);
        assertThat(d.state()).isEqualTo("ok");
        assertThat(d.health()).isEqualTo("green");
        assertThat(d.lastConfirmedSecondsAgo()).isEqualTo(1);
        assertThat(d.oldestUnconfirmedSecondsAgo()).isEqualTo(2);
        assertThat(d.reason()).isNull();
    }

    @Test
    void brokerConnectedButNoAckPastTheBoundIsPlatformNotAnsweringThenRed() {
        AgentStatus.Delivery d = DeliveryHealth.sync(sync(true, T0 - 7_000), waiting(T0 - 6_900, 35), BOUND, RED, T0);
        assertThat(d.state()).isEqualTo("platform not answering");
        assertThat(d.health()).isEqualTo("yellow");
        assertThat(d.reason()).isEqualTo("platform not answering: broker connected, but last confirmed 7 s ago while 35 records wait");
        assertThat(d.lastConfirmedSecondsAgo()).isEqualTo(7);

        AgentStatus.Delivery later = DeliveryHealth.sync(sync(true, T0 - 16 * 60_000), waiting(T0 - 16 * 60_000 + 100, 9000), BOUND, RED, T0);
        assertThat(later.health()).isEqualTo("red");
        assertThat(StatusViews.health("green", Map.of(), List.of(), List.of(later)).colour()).isEqualTo("red");
    }

    @Test
    void anIdleStreamWithAnOldAckIsNotSilenceAFreshRecordIsNotEither() {
        // nothing sent for an hour, then one record 200 ms ago: the old ack is no silence
        AgentStatus.Delivery d = DeliveryHealth.sync(sync(true, T0 - 3_600_000), waiting(T0 - 200, 1), BOUND, RED, T0);
        assertThat(d.state()).isEqualTo("ok");
        assertThat(d.health()).isEqualTo("green");
        // nothing waiting at all
        assertThat(DeliveryHealth.sync(sync(true, T0 - 3_600_000), waiting(0, 0), BOUND, RED, T0).state()).isEqualTo("ok");
    }

    @Test
    void aFreshMinuteSummaryStampedAtItsWindowStartIsNotSilence() {
        // readings confirmed 1 s ago; a minute summary just emitted carries its window's start, 65 s ago (found by CI)
        AgentStatus.Sync s = new AgentStatus.Sync(true, 0, Map.of("readings", new AgentStatus.SyncStream(10, 12, 1, 0, 3, T0 - 1_000, null, null),
                "summaries", new AgentStatus.SyncStream(2, 2, 0, 0, 30, T0 - 61_000, null, null)), null);
        Map<String, StreamCounters> c = Map.of("readings", new StreamCounters(12, 12, 0, 0), "summaries", new StreamCounters(3, 2, 1, T0 - 65_000));
        AgentStatus.Delivery d = DeliveryHealth.sync(s, c, BOUND, RED, T0);
        assertThat(d.state()).isEqualTo("ok");
        assertThat(d.oldestUnconfirmedSecondsAgo()).isEqualTo(65);
        assertThat(DeliveryHealth.sync(s, c, BOUND, RED, T0 + 6_000).state()).as("7 s after the last ack").isEqualTo("platform not answering");
    }

    @Test
    void aBrokerDownIsItsOwnStateAndHealthCombinesWithThePlant() {
        AgentStatus.Delivery d = DeliveryHealth.sync(sync(false, T0 - 30_000), waiting(T0 - 29_000, 150), BOUND, RED, T0);
        assertThat(d.state()).isEqualTo("broker unreachable");
        assertThat(d.health()).isEqualTo("yellow");
        StatusViews.Health h = StatusViews.health("green", Map.of("fan1", "RUNNING"), List.of(), List.of(d));
        assertThat(h.colour()).isEqualTo("yellow");
        assertThat(h.reasons()).containsExactly("broker unreachable: last confirmed 30 s ago, 150 records wait");
        assertThat(StatusViews.health(null, null, List.of(), List.of(DeliveryHealth.sync(sync(true, T0), waiting(T0, 1), BOUND, RED, T0))).colour())
                .as("no detection, delivering: no colour to show").isNull();
    }
}
