package org.ecogate.agent.uplink.sync;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.SenderSource;
import org.ecogate.sync.SyncRecord;
import org.ecogate.agentstatus.StreamCounters;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts the agent's {@link Buffer} to the sync sender: the sender reads unacknowledged records from here and
 * reports acks back, which only then advance the buffer's watermark. Thread-safe (the buffer is; the conversion
 * memo is synchronized). Trap: the memo matches rows by identity, so a row read afresh is always converted afresh.
 */
final class BufferSenderSource implements SenderSource {
    private final Buffer buffer;
    /** Per stream, the last read and its conversion, so rows handed out again are not converted again. */
    private final java.util.Map<String, Last> lastRead = new java.util.HashMap<>();

    BufferSenderSource(Buffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public long ackedThrough(String stream) throws Exception {
        return buffer.ackedThrough(stream);
    }

    @Override
    public List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) throws Exception {
        List<BufferedRecord> rows = buffer.after(stream, afterSeq, max);
        List<SyncRecord> out = new ArrayList<>(rows.size());
        synchronized (this) {
            // the buffer hands out the same row objects again while they linger: convert each once
            Last last = lastRead.getOrDefault(stream, Last.NONE);
            int i = rows.isEmpty() ? -1 : last.indexOf(rows.get(0).seq());
            for (BufferedRecord r : rows) {
                boolean same = i >= 0 && i < last.rows.size() && last.rows.get(i) == r;
                out.add(same ? last.out.get(i) : convert(r));
                i = same ? i + 1 : -1;
            }
            lastRead.put(stream, new Last(rows, List.copyOf(out))); // the sender may hold or cut its list
        }
        return out;
    }

    /** A stream's last read and its conversion, index for index. */
    private record Last(List<BufferedRecord> rows, List<SyncRecord> out) {
        static final Last NONE = new Last(List.of(), List.of());

        int indexOf(long seq) {
            int lo = 0, hi = rows.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (rows.get(mid).seq() < seq) lo = mid + 1;
                else hi = mid;
            }
            return lo < rows.size() && rows.get(lo).seq() == seq ? lo : -1;
        }
    }

    private static SyncRecord convert(BufferedRecord r) {
        if (r.doc() != null) return new SyncRecord(r.seq(), r.doc().key(), r.doc().ts(), null, "good", r.doc().body());
        return new SyncRecord(r.seq(), r.reading().point(), r.reading().ts(), r.reading().value(), r.reading().quality().code());
    }

    @Override
    public long lastSeq(String stream) throws Exception {
        return buffer.lastSeq(stream);
    }

    @Override
    public void acked(String stream, long epoch, long through) throws Exception {
        if (epoch == buffer.epoch()) buffer.markAcked(stream, through);
    }

    @Override
    public GatewayStatus.StreamStatus streamStatus(String stream) throws Exception {
        StreamCounters c = buffer.counters(stream);
        return new GatewayStatus.StreamStatus(stream, c.ackedThrough(), c.lastSeq(), c.backlog(), c.oldestUnackedTs());
    }
}
