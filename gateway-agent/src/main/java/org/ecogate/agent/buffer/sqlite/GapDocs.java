package org.ecogate.agent.buffer.sqlite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.Doc;

/**
 * Builds the documents of the {@link Buffer#GAPS} stream: {@code buffer_gap} (readings dropped, with the exact seq
 * range, count, time range and reason) and {@code buffer_recreated} (a corrupt, missing, empty or foreign buffer replaced). Stateless.
 */
final class GapDocs {
    static final String QUOTA = "quota maxBytes";
    static final String MAX_AGE = "maxAge";
    static final String DISK_FULL = "disk full";
    static final String CORRUPT = "corrupt";
    static final String MISSING = "missing";
    static final String EMPTY = "empty";
    static final String FOREIGN = "foreign";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GapDocs() {}

    /** Readings {@code fromSeq..toSeq} (inclusive; {@code count} of them existed) were dropped at {@code now}. */
    static Doc dropped(long fromSeq, long toSeq, long count, long fromTs, long toTs, String reason, long now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "buffer_gap");
        n.put("stream", Buffer.READINGS);
        n.put("fromSeq", fromSeq);
        n.put("toSeq", toSeq);
        n.put("count", count);
        n.put("fromTs", fromTs);
        n.put("toTs", toTs);
        n.put("reason", reason);
        n.put("at", now);
        return new Doc(Buffer.GAPS, "gap-readings-" + fromSeq + "-" + toSeq, now, n.toString());
    }

    /**
     * The buffer was found {@code reason} ({@link #CORRUPT}, {@link #MISSING}, {@link #EMPTY}, {@link #FOREIGN}) and
     * started afresh with {@code newEpoch}; the old files are at {@code movedTo} (null when there was nothing to move).
     */
    static Doc recreated(String reason, long oldEpoch, long newEpoch, String movedTo, String problem, long now) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "buffer_recreated");
        n.put("reason", reason);
        if (oldEpoch > 0) n.put("oldEpoch", oldEpoch);
        else n.putNull("oldEpoch");
        n.put("newEpoch", newEpoch);
        n.put("movedTo", movedTo);
        n.put("problem", problem);
        n.put("at", now);
        return new Doc(Buffer.GAPS, "buffer-recreated-" + newEpoch, now, n.toString());
    }
}
