package org.ecogate.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * PROTOCOL.md 6 and 6.1 as one pure function: a verified batch and the stream's committed range in, the ack and
 * the commit to make out. Stateless; trap: the decision is only valid while the range is unchanged, which is why
 * the commit carries the range it was decided on.
 */
final class LiveRules {
    private LiveRules() {}

    static ReceiverCore.Decision decide(Batch b, CommittedRange have, boolean lanes) {
        long w = have.watermark(), la = have.liveAfter(), lt = have.liveThrough();
        if (la != 0 && la <= w) { // a range the watermark already reached (not written by this receiver)
            w = Math.max(w, lt);
            la = lt = 0;
        }
        if (b.prev() <= w) { // rules 2 and 4: the batch follows the watermark
            if (b.last() <= w) return ok(b, w, la, lt, null);
            List<SyncRecord> fresh = new ArrayList<>(b.records().size());
            for (SyncRecord r : b.records()) if (r.seq() > w && (r.seq() <= la || r.seq() > lt)) fresh.add(r);
            long nw = b.last();
            if (la != 0 && nw >= la) { // the backlog reached the live range: they merge
                nw = Math.max(nw, lt);
                la = lt = 0;
            }
            CommittedRange next = new CommittedRange(nw, la, lt);
            return ok(b, nw, la, lt, new Commit(b, fresh, have, next));
        }
        if (!b.live()) {
            return new ReceiverCore.Decision(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP,
                    "batch follows seq " + b.prev() + " but the store holds through " + w, null, la, lt), null);
        }
        if (!lanes) {
            return new ReceiverCore.Decision(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP, "live batch after seq "
                    + b.prev() + ": this platform stores the stream in order only; the store holds through " + w,
                    Ack.LIVE_UNSUPPORTED), null);
        }
        if (la == 0) { // rule 6.1: a live batch opens the live range
            return ok(b, w, b.prev(), b.last(), new Commit(b, b.records(), have, new CommittedRange(w, b.prev(), b.last())));
        }
        if (b.prev() < la || b.prev() > lt) {
            return new ReceiverCore.Decision(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP, "live batch follows seq "
                    + b.prev() + " but the live range is (" + la + ", " + lt + "]", null, la, lt), null);
        }
        if (b.last() <= lt) return ok(b, w, la, lt, null);
        List<SyncRecord> fresh = new ArrayList<>(b.records().size());
        for (SyncRecord r : b.records()) if (r.seq() > lt) fresh.add(r);
        return ok(b, w, la, b.last(), new Commit(b, fresh, have, new CommittedRange(w, la, b.last())));
    }

    private static ReceiverCore.Decision ok(Batch b, long w, long la, long lt, Commit c) {
        return new ReceiverCore.Decision(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null, null, la, lt), c);
    }
}
