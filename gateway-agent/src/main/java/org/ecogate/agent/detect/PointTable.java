package org.ecogate.agent.detect;

import org.ecogate.agent.model.Reading;

import java.util.HashMap;
import java.util.Map;

/**
 * The latest known value of every point, and since when a point has had no usable value. A value is usable
 * while the latest reading carried one and it is not older than the caller's {@code offlineAfter}: a missing
 * value is never replaced by the last good one. Not thread-safe; its {@link State} is snapshotted.
 */
final class PointTable {
    static final class PointState {
        Double value;          // value of the latest reading; null when the latest reading was not GOOD
        long lastGoodTs = Long.MIN_VALUE;
        Long firstBadTs;       // first non-GOOD reading after the last GOOD one
    }

    static final class State {
        Map<String, PointState> points = new HashMap<>();
    }

    private final State state;

    PointTable(State state) {
        this.state = state;
    }

    State state() { return state; }

    void accept(Reading r) {
        PointState p = state.points.computeIfAbsent(r.point(), k -> new PointState());
        boolean good = r.value() != null && !r.value().isNaN();
        if (good) {
            if (r.ts() < p.lastGoodTs) return; // out of order: keep the newer value
            p.value = r.value();
            p.lastGoodTs = r.ts();
            p.firstBadTs = null;
        } else {
            if (r.ts() < p.lastGoodTs) return;
            p.value = null;
            if (p.firstBadTs == null) p.firstBadTs = r.ts();
        }
    }

    /** The usable value at {@code now}, or null. */
    Double value(String point, long now, long offlineAfterMs) {
        PointState p = state.points.get(point);
        if (p == null || p.value == null || now - p.lastGoodTs > offlineAfterMs) return null;
        return p.value;
    }

    /** Since when {@code point} has had no usable value; {@code startedAt} if it never had one. */
    long missingSince(String point, long startedAt) {
        PointState p = state.points.get(point);
        if (p == null) return startedAt;
        if (p.value == null && p.firstBadTs != null) return p.lastGoodTs == Long.MIN_VALUE ? Math.min(startedAt, p.firstBadTs) : p.firstBadTs;
        return p.lastGoodTs == Long.MIN_VALUE ? startedAt : p.lastGoodTs;
    }
}
