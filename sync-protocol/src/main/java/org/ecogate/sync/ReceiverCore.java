package org.ecogate.sync;

import org.ecogate.sync.internal.codec.DictionaryCache;
import org.ecogate.sync.internal.codec.Protocol;
import org.ecogate.sync.internal.codec.ProtocolV1;
import org.ecogate.sync.internal.codec.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The platform side of the protocol without a transport: give it each message as (topic, bytes) and publish the
 * {@link Reply replies} it returns. It verifies (frame, digest, HMAC, topic, epoch), decides by PROTOCOL.md 6/6.1
 * against the {@link Sink}'s committed range, commits, and answers ok/gap/rejected. Feed it from MQTT
 * ({@link SyncReceiver}), a Kafka bridge or files. Thread-safe; trap: messages of one gateway must be handed in
 * arrival order and one at a time (messages of different gateways may run in parallel).
 */
public final class ReceiverCore {
    private static final Logger log = LoggerFactory.getLogger(ReceiverCore.class);
    private static final int MAX_CONFLICTS = 8;

    /**
     * A message to publish (not retained) in answer to one handed in, at {@code qos} (v2 acks: 0, everything else 1).
     * {@code coalesce}: for an ok ack, its (gateway, stream) — a transport may drop it when a later ok ack of the same
     * key is published right after (acks are cumulative, PROTOCOL.md 13.5); else null.
     */
    public record Reply(String topic, byte[] payload, int qos, String coalesce) {
        public Reply(String topic, byte[] payload) {
            this(topic, payload, 1, null);
        }
    }

    /** Most (gateway, stream) dictionaries held (protocol v2); beyond, the least recently used is re-announced. */
    public static final int DICTIONARY_STREAMS = 100_000;

    private final GatewayKeys keys;
    private final long gapHoldBackNanos;
    private final AtomicLong heldBack = new AtomicLong();
    private final Sink sink;
    private final DictionaryCache dictionaries = new DictionaryCache(DICTIONARY_STREAMS);
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong statusMessages = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong sinkFailures = new AtomicLong();
    private final AtomicLong storeDownSince = new AtomicLong(); // nanoTime of the first failure of an outage, 0: up
    private final AtomicLong storeDownAt = new AtomicLong();    // sinkFailures when it went down
    private final AtomicLong lastProbe = new AtomicLong();      // nanoTime the sink was last tried while down
    /** While the store is down, at most one batch per this interval tries it; the others are answered busy at once. */
    static final long PROBE_NANOS = 250_000_000L;
    private final Map<String, AtomicLong> rejected = new ConcurrentHashMap<>();
    private final Map<String, Long> newestEpoch = new ConcurrentHashMap<>();
    private final Map<String, GatewayStatus> gatewayStatus = new ConcurrentHashMap<>();
    /** Per gateway: the protocol of its latest authentic status, which its commands then use (v1 until one came). */
    private final Map<String, Protocol> gatewayProtocol = new ConcurrentHashMap<>();
    private final AtomicLong commandIds = new AtomicLong();
    private volatile Consumer<GatewayStatus> statusListener = s -> {};
    private volatile Consumer<Commit> commitListener = c -> {};
    /** Sees every ack decided on (tests). */
    volatile Consumer<Ack> ackTap = a -> {};
    /** The clock of the store-down probes (tests move it). */
    volatile java.util.function.LongSupplier nanos = System::nanoTime;

    public ReceiverCore(GatewayKeys keys, Sink sink) {
        this(keys, sink, Duration.ZERO);
    }

    /**
     * With {@code gapHoldBack} &gt; 0, a batch that does not follow the store is not answered {@code gap} at once: the
     * core re-reads the committed range for up to that long, since with several receivers sharing the load the batch
     * before it is often being committed by another one right now (each gap answer costs a resend of the window).
     */
    public ReceiverCore(GatewayKeys keys, Sink sink, Duration gapHoldBack) {
        this.gapHoldBackNanos = gapHoldBack == null ? 0 : gapHoldBack.toNanos();
        this.keys = keys == null ? GatewayKeys.none() : keys;
        this.sink = java.util.Objects.requireNonNull(sink, "sink");
        for (String code : Reject.ALL) rejected.put(code, new AtomicLong());
    }

    /** Called for every authentic status message (birth, will, periodic), on the handling thread: keep it short. */
    public void onStatus(Consumer<GatewayStatus> listener) {
        this.statusListener = listener == null ? s -> {} : listener;
    }

    /** Called after every successful commit, on the handling thread: keep it short (e.g. queue outage notices). */
    public void onCommit(Consumer<Commit> listener) {
        this.commitListener = listener == null ? c -> {} : listener;
    }

    /** The latest authentic status of {@code gateway}, or null. */
    public GatewayStatus gatewayStatus(String gateway) {
        return gatewayStatus.get(gateway);
    }

    public ReceiverStats stats() {
        Map<String, Long> by = new LinkedHashMap<>();
        long sum = 0;
        for (String code : Reject.ALL) {
            long n = rejected.get(code).get();
            by.put(code, n);
            if (!Reject.routine(code)) sum += n; // routine (a re-announce follows; a busy batch comes again), like a gap
        }
        return new ReceiverStats(batches.get(), stored.get(), duplicates.get(), sum, by, statusMessages.get(),
                gaps.get(), conflicts.get(), sinkFailures.get(), heldBack.get());
    }

    /**
     * Gap repair (PROTOCOL.md 9): the command asking {@code gateway} to send (epoch, stream) again from {@code from}
     * through at least {@code to}. Lower the sink's watermark first if the records are to be stored again.
     */
    public Command resendCommand(String gateway, long epoch, String stream, long from, long to) {
        String id = "r" + System.currentTimeMillis() + "-" + commandIds.incrementAndGet();
        return new Command(gateway, id, Command.RESEND, epoch, stream, from, to);
    }

    /** A config push (PROTOCOL.md 9): {@code yaml} becomes {@code gateway}'s config if it validates and its devices answer. */
    public Command configCommand(String gateway, String yaml) {
        return Command.config(gateway, "c" + System.currentTimeMillis() + "-" + commandIds.incrementAndGet(), yaml);
    }

    /**
     * A command as the message to publish, signed with its gateway's key, in the protocol of the gateway's latest
     * status (PROTOCOL.md 13.6: a v2 gateway also reads v1 commands, a v1 gateway only those).
     */
    public Reply encode(Command c) {
        Protocol p = gatewayProtocol.getOrDefault(c.gateway(), ProtocolV1.INSTANCE);
        return new Reply(p.commandTopic(c.gateway()), p.encodeCommand(c, keys.key(c.gateway())));
    }

    /**
     * Counts a message its transport read past because it was over the size limit ({@link Reject#OVERSIZE}): nothing
     * of it was decoded, so nothing is answered.
     */
    public void oversized(String topic, long bytes) {
        String t = topic.length() > 200 ? topic.substring(0, 200) + "..." : topic;
        reject(Reject.OVERSIZE, null, null, 0, "message of " + bytes + " bytes on " + t + " over the size limit, read past", null);
    }

    /** Handles one message; returns the replies to publish (none for status messages). Never throws. */
    public List<Reply> handle(String topic, byte[] payload) {
        return handle(topic, payload, Mode.WAIT).replies();
    }

    /** How a batch ahead of the store is treated: wait inline (hold-back), defer it ({@link Outcome#deferred}), or answer gap now. */
    enum Mode { WAIT, DEFER, DEFER_RETRY, NOW, NOW_RETRY }

    /**
     * What handling one message came to: the replies to publish, or {@code deferred} (only in a DEFER mode: the batch
     * is ahead of the store, nothing was counted or answered; hand it in again a little later).
     */
    record Outcome(List<Reply> replies, boolean deferred) {
        static final Outcome DEFERRED = new Outcome(List.of(), true);
    }

    /**
     * For transports with their own scheduling ({@link SyncReceiver}): like {@link #handle(String, byte[])}, but a batch
     * ahead of the store is not waited for inline; in the DEFER modes the outcome is {@link Outcome#deferred} so the
     * worker goes on with other gateways and retries it; NOW modes answer gap. *_RETRY: this is a retry.
     */
    Outcome handle(String topic, byte[] payload, Mode mode) {
        List<Reply> out = new ArrayList<>(1);
        try {
            String statusGw = Topics.parseStatus(topic);
            if (statusGw != null) handleStatus(Protocol.ofTopic(topic), statusGw, payload);
            else if (!handleBatch(topic, payload, out, mode)) return Outcome.DEFERRED;
        } catch (RuntimeException e) {
            reject(Reject.MALFORMED, null, null, 0, "internal error on " + topic + ": " + e, out);
        }
        return new Outcome(out, false);
    }

    /** False when deferred (mode DEFER*, batch ahead of the store); true when handled. */
    private boolean handleBatch(String topic, byte[] payload, List<Reply> out, Mode mode) {
        String[] gs = Topics.parseBatch(topic);
        if (gs == null) {
            reject(Reject.BAD_TOPIC, null, null, 0, "message on unexpected topic " + topic, out, ProtocolV1.INSTANCE, 0);
            return true;
        }
        String gw = gs[0];
        Protocol proto = Protocol.ofTopic(topic);
        List<byte[]> valid = keys.keys(gw); // the current key first, then keys inside their rotation overlap
        byte[] key = valid.isEmpty() ? null : valid.get(0);
        if (key == null && keys.required()) {
            reject(Reject.UNKNOWN_GATEWAY, gw, gs[1], 0, "no key configured for gateway " + gw, out, proto, 0);
            return true;
        }
        Batch b;
        for (int k = 0; ; k++) {
            try {
                b = proto.decodeBatch(gw, gs[1], payload, key, keys.required() || key != null, dictionaries);
                break;
            } catch (SyncFormatException e) {
                if (Reject.BAD_MAC.equals(e.code()) && k + 1 < valid.size()) { // the MAC is checked before the body
                    key = valid.get(k + 1);
                    continue;
                }
                if (Reject.UNKNOWN_DICTIONARY.equals(e.code()) && storeDown()) {
                    // nothing could be stored anyway: slow the gateway down instead of a re-announce storm per outage
                    busy(gw, gs[1], 0, "store unavailable", out, proto, key);
                    return true;
                }
                reject(e.code(), gw, gs[1], 0, e.getMessage(), out, proto, e.dictionary());
                return true;
            }
        }
        byte[] signer = key; // acks are signed with the key the batch verified with (the gateway may still hold the old one)
        if (!b.gateway().equals(gw) || !b.stream().equals(gs[1])) {
            reject(Reject.TOPIC_MISMATCH, gw, gs[1], b.epoch(), "batch names gateway " + b.gateway() + " stream "
                    + b.stream() + " but came on topic " + topic, out, proto, 0);
            return true;
        }
        boolean counted = false;
        if (storeDown() && !probeDue()) {
            batches.incrementAndGet();
            sinkFailures.incrementAndGet();
            busy(gw, b.stream(), b.epoch(), "store unavailable", out, proto, signer);
            return true;
        }
        try {
            String ek = gw + "/" + b.stream();
            Long newest = newestEpoch.get(ek);
            if (newest == null) {
                OptionalLong n = sink.newestEpoch(gw, b.stream());
                newest = n.isPresent() ? n.getAsLong() : Long.MIN_VALUE;
                newestEpoch.merge(ek, newest, Math::max);
            }
            if (b.epoch() < newest) {
                reject(Reject.OLD_EPOCH, gw, b.stream(), b.epoch(), "epoch " + b.epoch() + " is older than epoch "
                        + newest + " already received from " + gw + "/" + b.stream(), out, proto, 0);
                return true;
            }
            StreamKey k = StreamKey.of(b);
            boolean lanes = sink.keepsLiveRange();
            boolean waited = false;
            for (int attempt = 0; ; attempt++) {
                CommittedRange have = sink.committed(k);
                Decision d = LiveRules.decide(b, have, lanes);
                boolean ahead = d.commit() == null && Ack.GAP.equals(d.ack().status()) && d.ack().code() == null;
                if (ahead && (mode == Mode.DEFER || mode == Mode.DEFER_RETRY)) return false;
                if (ahead && mode == Mode.WAIT && !waited && gapHoldBackNanos > 0) {
                    waited = true;
                    if (awaitChange(k, have)) {
                        heldBack.incrementAndGet();
                        continue;
                    }
                }
                if (!counted) {
                    counted = true;
                    batches.incrementAndGet();
                }
                if (d.commit() != null && attempt == 0 && (mode == Mode.DEFER_RETRY || mode == Mode.NOW_RETRY)) heldBack.incrementAndGet();
                if (d.commit() != null) {
                    if (!sink.commit(d.commit())) {
                        conflicts.incrementAndGet();
                        if (attempt < MAX_CONFLICTS) continue;
                        log.debug("platform: {} seq {}..{} lost {} races with other receivers; answered busy",
                                k, b.first(), b.last(), attempt + 1);
                        busy(gw, b.stream(), b.epoch(), "lost " + (attempt + 1) + " races with other receivers", out, proto, signer);
                        return true;
                    }
                    newestEpoch.merge(ek, b.epoch(), Math::max);
                    stored.addAndGet(d.commit().records().size());
                    duplicates.addAndGet(b.records().size() - d.commit().records().size());
                    commitListener.accept(d.commit());
                } else if (Ack.GAP.equals(d.ack().status())) {
                    gaps.incrementAndGet();
                } else {
                    duplicates.addAndGet(b.records().size());
                }
                storeAnswered(); // after the commit: a store that reads but cannot write is still down
                publishAck(d.ack(), out, proto, signer);
                return true;
            }
        } catch (SinkException e) {
            if (!counted) batches.incrementAndGet();
            // Answered busy: the gateway keeps the records, pauses the stream and probes again (PROTOCOL.md 5.1).
            storeFailed(b, e.getMessage());
            busy(gw, b.stream(), b.epoch(), "store unavailable", out, proto, signer);
        } catch (RuntimeException e) {
            if (!counted) batches.incrementAndGet();
            storeFailed(b, e.toString());
            busy(gw, b.stream(), b.epoch(), "store unavailable", out, proto, signer);
        }
        return true;
    }

    /** Whether the store failed and has not answered since. */
    boolean storeDown() {
        return storeDownSince.get() != 0;
    }

    /** While the store is down: true for one caller per {@link #PROBE_NANOS}, which then tries the store. */
    private boolean probeDue() {
        long last = lastProbe.get(), now = nanos.getAsLong();
        return now - last >= PROBE_NANOS && lastProbe.compareAndSet(last, now);
    }

    /** Answers a batch that could not be stored now {@link Reject#BUSY} (counted by reason, logged at debug only). */
    private void busy(String gw, String stream, long epoch, String why, List<Reply> out, Protocol proto, byte[] key) {
        rejected.get(Reject.BUSY).incrementAndGet();
        publishAck(new Ack(gw, epoch, stream, 0, Ack.REJECTED, why, Reject.BUSY), out, proto, key);
    }

    /** One line when the store goes down (the rest at debug), one when it is back: never a line per batch. */
    private void storeFailed(Batch b, String why) {
        long n = sinkFailures.incrementAndGet();
        long now = nanos.getAsLong();
        if (storeDownSince.compareAndSet(0, now)) {
            storeDownAt.set(n - 1);
            lastProbe.set(now);
            log.error("platform: store unavailable ({} {} seq {}..{}: {}); batches are answered busy until it is back, "
                    + "gateways keep them and slow down", b.gateway(), b.stream(), b.first(), b.last(), why);
        } else {
            log.debug("platform: store failed for {} {} seq {}..{}: {}", b.gateway(), b.stream(), b.first(), b.last(), why);
        }
    }

    private void storeAnswered() {
        long since = storeDownSince.get();
        if (since != 0 && storeDownSince.compareAndSet(since, 0)) {
            log.info("platform: store back after {} s; {} batches were answered busy meanwhile (their gateways paused and resend them)",
                    (nanos.getAsLong() - since) / 1_000_000_000L, sinkFailures.get() - storeDownAt.get());
        }
    }

    /** Re-reads the range of {@code k} until it differs from {@code have} (true) or the hold-back time passed. */
    private boolean awaitChange(StreamKey k, CommittedRange have) throws SinkException {
        long end = System.nanoTime() + gapHoldBackNanos;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (!sink.committed(k).equals(have)) return true;
        }
        return false;
    }

    /** The receiver's answer to one batch: the ack, and the commit to make first (null: store nothing). */
    record Decision(Ack ack, Commit commit) {}

    private void handleStatus(Protocol p, String gw, byte[] payload) {
        if (payload == null || payload.length == 0) return; // a cleared retained message
        List<byte[]> valid = keys.keys(gw);
        if (valid.isEmpty() && keys.required()) {
            reject(Reject.UNKNOWN_GATEWAY, null, null, 0, "status from gateway " + gw + " without a configured key", null);
            return;
        }
        try {
            GatewayStatus s = decodeStatus(p, gw, payload, valid);
            if (!s.gateway().equals(gw)) {
                reject(Reject.TOPIC_MISMATCH, null, null, 0, "status names gateway " + s.gateway() + " on the topic of " + gw, null);
                return;
            }
            statusMessages.incrementAndGet();
            gatewayStatus.put(gw, s);
            gatewayProtocol.put(gw, p);
            statusListener.accept(s);
        } catch (SyncFormatException e) {
            reject(e.code(), null, null, 0, "status of " + gw + ": " + e.getMessage(), null);
        } catch (RuntimeException e) {
            log.warn("platform: status listener failed: {}", e.toString());
        }
    }

    /** Decodes a status with the first of {@code valid} its MAC verifies with (rotation overlap). */
    private GatewayStatus decodeStatus(Protocol p, String gw, byte[] payload, List<byte[]> valid) throws SyncFormatException {
        for (int k = 0; ; k++) {
            byte[] key = valid.isEmpty() ? null : valid.get(k);
            try {
                return p.decodeStatus(gw, payload, key, keys.required() || key != null);
            } catch (SyncFormatException e) {
                if (!Reject.BAD_MAC.equals(e.code()) || k + 1 >= valid.size()) throw e;
            }
        }
    }

    private void reject(String code, String gateway, String stream, long epoch, String why, List<Reply> out) {
        reject(code, gateway, stream, epoch, why, out, ProtocolV1.INSTANCE, 0);
    }

    private void reject(String code, String gateway, String stream, long epoch, String why, List<Reply> out, Protocol version, long dictionary) {
        long n = rejected.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
        // an unknown dictionary is routine (a restarted or sharing receiver): the sender re-announces it
        if (Reject.routine(code)) log.debug("platform: rejected ({}, #{}) {}", code, n, why);
        else if (n <= 20 || n % 1000 == 0) log.warn("platform: rejected ({}, #{} of this reason) {}", code, n, why);
        if (gateway != null && stream != null && out != null) {
            publishAck(new Ack(gateway, epoch, stream, 0, Ack.REJECTED, why.length() > 1000 ? why.substring(0, 1000) : why,
                    code, 0, 0, dictionary), out, version, keys.key(gateway));
        }
    }

    private void publishAck(Ack a, List<Reply> out, Protocol version, byte[] key) {
        ackTap.accept(a);
        // at QoS 0 (acks are cumulative and the sender resends on reconnect) a later ok ack may replace this one
        String coalesce = version.ackQos() == 0 && Ack.OK.equals(a.status()) && a.code() == null ? a.gateway() + "/" + a.stream() : null;
        out.add(new Reply(version.ackTopic(a.gateway()), version.encodeAck(a, key), version.ackQos(), coalesce));
    }
}
