package org.ecogate.agent.runtime;

import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, item 1: the clock service with a fake clock: steps detected once with from/to/size, drift absorbed, trust. */
class ClockServiceTest {
    private static final long T0 = 1_780_000_000_000L; // 2026-05-28
    private static final long DAY = Duration.ofDays(1).toMillis();

    // issue 12
    @Test
    void stepsForwardAndBackwardAreDetectedOnceAndNeverMoveTheAgentTimeline() {
        FakeAgentClock c = new FakeAgentClock(T0);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        c.advance(1000);
        assertThat(cs.check()).isEmpty();
        c.advance(500);
        c.step(400 * DAY); // NTP corrects a stale clock
        List<ClockService.Step> s = cs.check();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).from()).isEqualTo(T0 + 1500);
        assertThat(s.get(0).to()).isEqualTo(T0 + 1500 + 400 * DAY);
        assertThat(s.get(0).sizeMs()).isEqualTo(400 * DAY);
        assertThat(cs.check()).as("reported once").isEmpty();
        assertThat(cs.agentNow()).as("agent timeline: start + elapsed").isEqualTo(T0 + 1500);
        assertThat(cs.toWall(cs.agentNow())).isEqualTo(c.wallMillis());

        c.advance(1000);
        c.step(-3_600_000); // back an hour
        s = cs.check();
        assertThat(s).extracting(ClockService.Step::sizeMs).containsExactly(-3_600_000L);
        assertThat(cs.agentNow()).isEqualTo(T0 + 2500);
        assertThat(cs.agentClock().millis()).isEqualTo(T0 + 2500);
    }

    // issue 12
    @Test
    void smallDriftIsNotAStep() {
        FakeAgentClock c = new FakeAgentClock(T0);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        for (int i = 0; i < 100; i++) {
            c.advance(1000);
            c.step(50); // NTP slewing: 50 ms per check, 5 s in all
            assertThat(cs.check()).isEmpty();
        }
        assertThat(cs.offset()).isEqualTo(5000);
    }

    // issue 12
    @Test
    void aClockBeforeTheBuildFloorIsNotTrustedUntilItSteps() {
        FakeAgentClock c = new FakeAgentClock(0); // booted in 1970
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        assertThat(cs.trusted()).isFalse();
        c.advance(1000);
        c.step(T0);
        assertThat(cs.check()).extracting(ClockService.Step::sizeMs).containsExactly(T0);
        assertThat(cs.trusted()).isTrue();
    }
}
