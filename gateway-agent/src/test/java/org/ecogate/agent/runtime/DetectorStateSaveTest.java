package org.ecogate.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferSettings;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.agent.buffer.sqlite.SqliteBuffer;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.detect.Event;
import org.ecogate.agent.detect.Output;
import org.ecogate.agent.model.Reading;
import org.ecogate.agent.time.FakeAgentClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12: the detector state is no longer stored with every poll cycle (a ~200 KB JSON 100 times a second at
 * 10,000 points/s) but with every cycle that has output and otherwise at most every 10 s, as {@link Agent} does.
 * A crash (the buffer closed without a last save, as after SIGKILL) still neither repeats nor loses an event.
 */
class DetectorStateSaveTest {
    private static final long T0 = 1_795_000_000_000L;
    @TempDir
    Path dir;

    /** The agent's loop on a fake clock and a real SQLite buffer: a poll every {@code every} ms, a tick every second. */
    private static final class Run implements AutoCloseable {
        final FakeAgentClock fake;
        final ClockService cs;
        final SqliteBuffer b;
        final TimedDetector td;
        final List<Event> events = new ArrayList<>();
        int statesSaved;
        long sinceTick;

        Run(FakeAgentClock fake, Path db) throws Exception {
            this.fake = fake;
            cs = new ClockService(fake, ClockService.DEFAULT_STEP_THRESHOLD_MS, ClockService.TRUST_FLOOR_MS);
            b = SqliteBuffer.open(db, BufferSettings.retainAll().withClock(cs.agentClock()));
            td = TimedDetector.restore(config(), b.detectorState(), cs);
        }

        void poll(double run, long every) throws Exception {
            fake.advance(every);
            long now = cs.agentNow();
            List<Reading> cycle = List.of(Reading.good("fan1.run", now, run));
            Output out = td.onReadings(cycle, now);
            save(cs.toWall(cycle), out, td.stateWith(out)); // as Agent.pollOnce
            sinceTick += every;
            if (sinceTick >= 1000) { // as Agent.tick
                sinceTick = 0;
                Output t = td.tick();
                save(List.of(), t, t.isEmpty() ? td.stateIfDue() : td.stateWith(t));
            }
        }

        void seconds(int n, double run) throws Exception {
            for (int i = 0; i < n; i++) poll(run, 1000);
        }

        private void save(List<Reading> readings, Output out, String state) throws Exception {
            if (readings.isEmpty() && out.isEmpty() && state == null) return;
            b.appendCycle(readings, EventDocs.docs(out), state);
            if (state != null) statesSaved++;
            events.addAll(out.events());
        }

        /** SIGKILL: what is committed stays, nothing more is saved. */
        @Override
        public void close() {
            b.close();
        }
    }

    // issue 12
    @Test
    void anOutageOpenedBetweenPeriodicSavesIsNeitherRepeatedNorLostAfterACrash() throws Exception {
        FakeAgentClock fake = new FakeAgentClock(T0);
        Path db = dir.resolve("b.db");
        List<Event> all = new ArrayList<>();
        String outageId;
        try (Run first = new Run(fake, db)) {
            first.seconds(25, 1);
            for (int i = 0; i < 60 && first.events.isEmpty(); i++) first.seconds(1, 0); // the fan stops: outage after 5 s
            assertThat(first.events).extracting(Event::status).containsExactly(Event.OPEN);
            outageId = first.events.get(0).id();
            first.seconds(2, 0); // killed 2 s after the event, before the next periodic save
            all.addAll(first.events);
        }
        fake.advance(3_000);
        try (Run second = new Run(fake, db)) {
            assertThat(second.td.detector().openEvents()).extracting(Event::id).as("the open outage continues").containsExactly(outageId);
            second.seconds(20, 0);
            second.seconds(20, 1);
            all.addAll(second.events);
            List<String> stored = new ArrayList<>();
            for (BufferedRecord r : second.b.after(Buffer.EVENTS, 0, 100)) stored.add(r.doc().key() + " " + r.doc().body().contains("\"close\""));
            assertThat(stored).as("buffered events: one open, one close of the same outage").hasSize(2);
        }
        assertThat(all).extracting(e -> e.id() + " " + e.status())
                .as("opened once before the crash, closed once after it").containsExactly(outageId + " open", outageId + " close");
    }

    // issue 12
    @Test
    void cyclesWithoutOutputSaveTheStateAtMostEvery10sAndACleanStopSavesTheRest() throws Exception {
        FakeAgentClock fake = new FakeAgentClock(T0);
        Path db = dir.resolve("b.db");
        try (Run run = new Run(fake, db)) {
            run.seconds(5, 1); // the fan starts: a state change, saved with its cycle
            int before = run.statesSaved;
            for (int i = 0; i < 600; i++) run.poll(1, 100); // 60 s at 10 cycles/s, no output
            assertThat(run.statesSaved - before).as("states saved in 600 cycles without output").isBetween(5, 7);
            long[] saved = DetectJson.timeline(run.b.detectorState());
            assertThat(run.cs.agentNow() - saved[0]).as("a crash loses at most 10 s of detector progress")
                    .isLessThanOrEqualTo(TimedDetector.SAVE_EVERY_MS);
            run.poll(1, 100);
            String last = run.td.stateIfUnsaved(); // Agent.stop
            assertThat(last).as("a clean stop saves what changed").isNotNull();
            assertThat(run.td.stateIfUnsaved()).as("and nothing when nothing changed").isNull();
        }
    }

    private static DetectionConfig config() throws Exception {
        return DetectionConfig.parse(new ObjectMapper(new YAMLFactory()).readTree("""
                equipment:
                  - {id: fan1, template: fan, debounce: 3s, offlineAfter: 60s, rules: {running: {point: fan1.run, equals: 1}}}
                facilities:
                  - {id: tf1, equipment: [fan1], grace: 5s}
                """));
    }
}
