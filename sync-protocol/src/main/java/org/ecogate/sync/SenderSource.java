package org.ecogate.sync;

import java.util.List;

/** What a {@link SyncSender} sends from: the gateway's buffer. Called from the sender thread only. */
public interface SenderSource {
    /** The highest sequence number of {@code stream} the platform has acknowledged (0 if none). */
    long ackedThrough(String stream) throws Exception;

    /** Up to {@code max} records of {@code stream} with seq &gt; {@code afterSeq}, ascending. */
    List<SyncRecord> recordsAfter(String stream, long afterSeq, int max) throws Exception;

    /** The platform acknowledged {@code stream} of buffer incarnation {@code epoch} through {@code through}. */
    void acked(String stream, long epoch, long through) throws Exception;

    /**
     * The highest sequence number the buffer holds for {@code stream} (0 when empty), or -1 when unknown. The
     * sender uses it to open a live lane (PROTOCOL.md 7.1) above a backlog; -1 keeps the stream strictly in order.
     */
    default long lastSeq(String stream) throws Exception {
        return -1;
    }

    /** For status messages: the stream's state in the buffer; {@code null} when unknown. */
    default GatewayStatus.StreamStatus streamStatus(String stream) throws Exception {
        return null;
    }
}
