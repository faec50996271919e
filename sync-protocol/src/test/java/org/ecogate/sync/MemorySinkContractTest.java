package org.ecogate.sync;

import java.util.List;

/** {@link MemorySink} passes the {@link SinkContract}. */
class MemorySinkContractTest extends SinkContract {
    @Override
    protected Sink newSink() {
        return new MemorySink(true);
    }

    @Override
    protected List<Long> storedSeqs(Sink sink, StreamKey key) {
        return ((MemorySink) sink).seqs(key).stream().sorted().toList();
    }
}
