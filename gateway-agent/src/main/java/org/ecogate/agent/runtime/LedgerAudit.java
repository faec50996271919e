package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.config.DetectionConfig;
import org.ecogate.agent.config.EquipmentConfig;
import org.ecogate.agent.detect.Replay;
import org.ecogate.agent.detect.Summary;
import org.ecogate.agent.model.Reading;
import org.ecogate.sync.audit.SummaryCheck;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code ecogate audit}, daily ledgers (equipment run-hours, stops, longest stop): every ledger a buffer holds for a
 * time range, recomputed by replaying the buffered readings through the detector's own code ({@link Replay}: the same
 * equipment membership, rules, debounce and offline timers) from a warm-up before the first day. Stateless.
 * Trap: a day the buffer holds no readings before (first day of the agent, or freed by retention) is replayed from its
 * first reading, as the agent started then; readings freed by retention make their days differ.
 */
public final class LedgerAudit {
    /** What the ledger audit found: ledgers checked, readings replayed, and the differences. */
    public record Result(long ledgers, long readings, List<SummaryCheck.Difference> differences) {}

    /** Beyond debounce and offline timers, how long before a day the replay starts, so states are settled at midnight. */
    static final long WARM_UP_MS = 60_000;

    private LedgerAudit() {
    }

    /** Audits the ledgers whose day starts in [fromTs, toTs), replaying with the agent's detection config. */
    public static Result run(Path buffer, DetectionConfig cfg, long fromTs, long toTs) throws InspectionException, IOException {
        Map<String, Summary> stored = new TreeMap<>();
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        Inspection.docs(buffer, Buffer.SUMMARIES, fromTs, toTs, (stream, seq, key, ts, body) -> {
            Summary s = DetectJson.summary(body);
            if (!Summary.LEDGER.equals(s.kind()) || s.start() < fromTs || s.start() >= toTs) return;
            stored.put(key(s, cfg), s);
            span[0] = Math.min(span[0], s.start());
            span[1] = Math.max(span[1], s.end());
        });
        if (stored.isEmpty()) return new Result(0, 0, List.of());
        long warmUp = WARM_UP_MS;
        for (EquipmentConfig e : cfg.equipment()) warmUp = Math.max(warmUp, e.debounce().toMillis() + e.offlineAfter().toMillis() + WARM_UP_MS);

        Map<String, Summary> recomputed = new TreeMap<>();
        Replay replay = new Replay(cfg, null).onSummary(s -> {
            if (Summary.LEDGER.equals(s.kind())) recomputed.put(key(s, cfg), s);
        });
        long[] n = {0, Long.MIN_VALUE};
        TimeOrder order = new TimeOrder(TimedDetector.REBUILD_MARGIN_MS, r -> {
            if (r.ts() < n[1]) return; // stamped before what was replayed already (a clock step back): the agent saw it late too
            n[1] = r.ts();
            replay.accept(r);
        });
        Inspection.export(buffer, span[0] - warmUp, span[1] + TimedDetector.REBUILD_MARGIN_MS, null, (seq, ts, point, value, q) -> {
            order.accept(new Reading(point, ts, value, q));
            n[0]++;
        }, f -> { });
        order.finish();
        replay.advanceTo(span[1]); // the last day closes at its end, readings or not
        replay.finish();

        List<SummaryCheck.Difference> out = new ArrayList<>();
        for (Summary s : stored.values()) {
            Summary r = recomputed.get(key(s, cfg));
            if (r == null) {
                out.add(diff(s, "missing", "ledger", "no day replayed (no readings)"));
                continue;
            }
            if (!near(s.runningSeconds(), r.runningSeconds())) out.add(diff(s, "runningSeconds", s.runningSeconds(), r.runningSeconds()));
            if (!Objects.equals(s.stops(), r.stops())) out.add(diff(s, "stops", s.stops(), r.stops()));
            if (!near(s.longestStopSeconds(), r.longestStopSeconds())) {
                out.add(diff(s, "longestStopSeconds", s.longestStopSeconds(), r.longestStopSeconds()));
            }
        }
        for (Summary r : recomputed.values()) {
            if (r.start() >= span[0] - 60_000 && r.end() <= span[1] + 60_000 && !stored.containsKey(key(r, cfg))) out.add(diff(r, "missing", "-", "ledger"));
        }
        return new Result(stored.size(), n[0], out);
    }

    /**
     * Seconds are counted on the agent timeline, which after a restart may sit a few milliseconds off the wall time the
     * readings are stamped in: a whole second may tip either way, never more.
     */
    static final long SECONDS_TOLERANCE = 1;

    private static boolean near(Long reported, Long recomputed) {
        if (reported == null || recomputed == null) return Objects.equals(reported, recomputed);
        return Math.abs(reported - recomputed) <= SECONDS_TOLERANCE;
    }

    /** A ledger's local day and equipment: its start moves with the agent timeline's offset (ms, or a clock step). */
    private static String key(Summary s, DetectionConfig cfg) {
        return java.time.Instant.ofEpochMilli(s.start() + (s.end() - s.start()) / 2).atZone(cfg.timezone()).toLocalDate() + " " + s.subject();
    }

    private static SummaryCheck.Difference diff(Summary s, String field, Object reported, Object recomputed) {
        return new SummaryCheck.Difference(Summary.LEDGER, s.subject(), s.start(), s.end(), field, String.valueOf(reported), String.valueOf(recomputed));
    }
}
