package org.ecogate.agent.runtime;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.detect.Summary;
import org.ecogate.sync.audit.SummaryCheck;

import java.io.IOException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code ecogate audit}: every minute and hour summary a buffer holds for a time range, recomputed from the readings
 * the same buffer holds ({@link SummaryCheck}, the code a platform audits with too), read-only beside a running agent. Stateless. Trap: readings freed by
 * retention make their windows differ; audit a range the buffer still covers ({@code buffer stats}).
 */
public final class SummaryAudit {
    /** What an audit found: summaries checked, readings read, and the differences. */
    public record Result(long summaries, long readings, List<SummaryCheck.Difference> differences) {}

    private SummaryAudit() {
    }

    /** Audits the summaries whose window starts in [fromTs, toTs) in {@code zone} (the detection timezone). */
    public static Result run(Path buffer, ZoneId zone, long fromTs, long toTs) throws InspectionException, IOException {
        SummaryCheck check = new SummaryCheck(zone);
        long[] span = {Long.MAX_VALUE, Long.MIN_VALUE};
        Inspection.docs(buffer, Buffer.SUMMARIES, fromTs, toTs, (stream, seq, key, ts, body) -> {
            Summary s = DetectJson.summary(body);
            if (!Summary.MINUTE.equals(s.kind()) && !Summary.HOUR.equals(s.kind())) return;
            check.summary(s.kind(), s.subject(), s.start(), s.end(), s.count(), s.min(), s.max(), s.avg(), s.delta());
            span[0] = Math.min(span[0], s.start());
            span[1] = Math.max(span[1], s.end());
        });
        if (check.checked() == 0) return new Result(0, 0, List.of());
        long[] n = {0};
        // from an hour before the first window: a counter's increase counts from its previous sample
        Inspection.export(buffer, span[0] - 3_600_000L, span[1], null, (seq, ts, point, value, q) -> {
            check.reading(point, ts, value, q.hasValue());
            n[0]++;
        }, f -> { });
        return new Result(check.checked(), n[0], check.finish(span[0]));
    }
}
