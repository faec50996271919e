package org.ecogate.agent.uplink.sync;

import org.ecogate.agent.buffer.Buffer;
import org.ecogate.agent.buffer.BufferedRecord;
import org.ecogate.sync.GatewayStatus;
import org.ecogate.sync.SenderSource;
import org.ecogate.sync.SyncRecord;
import org.ecogate.sync.status.StreamCounters;

import java.util.ArrayList;
import java.util.List;

/**
 * Adapts the agent's {@link Buffer} to the sync sender: the sender reads unacknowledged records from here and
 * reports acks back, which only then advance the buffer's watermark. Thread-safe because the buffer is.
 */
final class BufferSenderSource implements SenderSource {
    private final Buffer buffer;

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
        for (BufferedRecord r : rows) {
            if (r.doc() != null) {
                out.add(new SyncRecord(r.seq(), r.doc().key(), r.doc().ts(), null, "good", r.doc().body()));
            } else {
                out.add(new SyncRecord(r.seq(), r.reading().point(), r.reading().ts(), r.reading().value(),
                        r.reading().quality().code()));
            }
        }
        return out;
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
