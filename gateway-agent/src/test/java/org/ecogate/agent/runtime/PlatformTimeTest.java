package org.ecogate.agent.runtime;

import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 15: an HJ 212 platform's 1012 sets the time through the clock service (a correction), recorded as a step. */
class PlatformTimeTest {
    private static final long STALE = 946_684_800_000L; // 2000-01-01: a box without RTC battery
    private static final long REAL = 1_780_000_000_000L; // 2026-05-28

    record Recorded(ClockService.Step step, String source) {}

    // issue 15
    @Test
    void platformTimeIsAnOffsetOfTheWallTimeRecordedAsAStepAndTrustedAfter() {
        FakeAgentClock c = new FakeAgentClock(STALE);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        List<Recorded> steps = new ArrayList<>();
        PlatformTime pt = new PlatformTime(cs, "prov", true, (s, src) -> steps.add(new Recorded(s, src)));
        c.advance(1000);
        long agentBefore = cs.agentNow();
        assertThat(cs.trusted()).isFalse();

        assertThat(pt.set(Instant.ofEpochMilli(REAL))).as("applied").isNull();
        assertThat(c.wallMillis()).as("the system clock is never set").isEqualTo(STALE + 1000);
        assertThat(cs.wallNow()).isEqualTo(REAL);
        assertThat(cs.correction()).isEqualTo(REAL - STALE - 1000);
        assertThat(cs.trusted()).isTrue();
        assertThat(cs.agentNow()).as("timers do not jump").isEqualTo(agentBefore);
        assertThat(steps).hasSize(1);
        assertThat(steps.get(0).step().from()).isEqualTo(STALE + 1000);
        assertThat(steps.get(0).step().to()).isEqualTo(REAL);
        assertThat(steps.get(0).source()).isEqualTo("hj212 platform prov");
        assertThat(ClockSteps.doc(steps.get(0).step(), cs.trusted(), steps.get(0).source()).body())
                .contains("\"trusted\":true").contains("\"source\":\"hj212 platform prov\"");
        assertThat(cs.check()).as("not reported twice").isEmpty();

        c.advance(5000);
        assertThat(cs.wallNow()).isEqualTo(REAL + 5000);
        assertThat(cs.toWall(cs.agentNow())).isEqualTo(REAL + 5000);
        assertThat(cs.check()).isEmpty();
    }

    // issue 15
    @Test
    void ntpSteppingTheSystemClockToTheCorrectedTimeClearsTheCorrectionWithoutAStep() {
        FakeAgentClock c = new FakeAgentClock(STALE);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        cs.setWall(REAL);
        c.advance(1000);
        c.step(REAL - STALE + 300); // NTP: the system clock now agrees with the platform, within 300 ms
        assertThat(cs.check()).isEmpty();
        assertThat(cs.correction()).isZero();
        assertThat(cs.wallNow()).isEqualTo(c.wallMillis());

        c.advance(1000);
        c.step(-3_600_000); // a later step of the system clock is detected as always
        assertThat(cs.check()).extracting(ClockService.Step::sizeMs).containsExactly(-3_600_000L);
    }

    // issue 15
    @Test
    void aSystemStepAwayFromTheCorrectedTimeIsAStepAndTheCorrectionStays() {
        FakeAgentClock c = new FakeAgentClock(STALE);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        cs.setWall(REAL);
        long corr = cs.correction();
        c.advance(1000);
        c.step(3_600_000);
        assertThat(cs.check()).extracting(ClockService.Step::sizeMs).containsExactly(3_600_000L);
        assertThat(cs.correction()).isEqualTo(corr);
    }

    // issue 15
    @Test
    void refusedWhenNotAcceptedOrBeforeTheTrustFloor() {
        FakeAgentClock c = new FakeAgentClock(REAL);
        ClockService cs = new ClockService(c, 2000, ClockService.TRUST_FLOOR_MS);
        List<Recorded> steps = new ArrayList<>();
        String off = new PlatformTime(cs, "prov", false, (s, src) -> steps.add(new Recorded(s, src)))
                .set(Instant.ofEpochMilli(REAL + 60_000));
        assertThat(off).contains("acceptTime is false for uplink prov");
        String early = new PlatformTime(cs, "prov", true, (s, src) -> steps.add(new Recorded(s, src)))
                .set(Instant.ofEpochMilli(STALE));
        assertThat(early).contains("before the trust floor 2026-01-01T00:00:00Z");
        assertThat(steps).isEmpty();
        assertThat(cs.wallNow()).isEqualTo(REAL);
        assertThat(cs.correction()).isZero();
    }
}
