package org.ecogate.sync;
import org.ecogate.sync.internal.codec.SyncCodec;
import org.ecogate.sync.internal.codec.Topics;
import org.ecogate.sync.internal.transport.MqttSupport;

import org.ecogate.sync.internal.transport.MqttCallback;
import org.ecogate.sync.internal.transport.MqttClient;
import org.ecogate.sync.internal.transport.MqttException;
import org.ecogate.sync.internal.transport.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Platform side of the protocol (PROTOCOL.md "Receiver"): subscribes to every gateway's batches and status,
 * verifies each batch (frame, digest, HMAC with the gateway's key, topic, epoch), de-duplicates by sequence
 * number against the {@link Sink}'s watermark, hands fresh records to the sink and acknowledges only after the
 * sink committed. A batch whose records were all stored before is acknowledged again without touching the
 * store; a batch that does not follow the watermark is answered {@link Ack#GAP} so the sender resends from
 * there; a refused batch is counted per reason code, logged and answered {@link Ack#REJECTED} with the code.
 * When the sink {@linkplain Sink#supportsLive() keeps a live range}, live batches sent ahead of a backlog are stored
 * in it and the backlog merges with it when it arrives (PROTOCOL.md 6.1); otherwise they are answered with a
 * {@link Ack#LIVE_UNSUPPORTED} gap and the stream arrives strictly in order.
 * No message can make it throw or store anything it did not verify.
 *
 * <p>All sink calls and all acks happen on one worker thread (never on the MQTT reader thread), which also
 * reconnects with backoff. Lifecycle: {@link #start()} once, {@link #close()} once.
 */
public final class SyncReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncReceiver.class);

    record Incoming(String topic, byte[] payload) {}

    private final ReceiverConfig cfg;
    private final Sink sink;
    private final MqttClient client;
    private static final int QUEUE = 10_000;
    private final BlockingQueue<Incoming> queue = new ArrayBlockingQueue<>(QUEUE);
    private final AtomicLong overflow = new AtomicLong();
    private final Thread worker;
    private volatile boolean running;
    private volatile boolean connected;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong statusMessages = new AtomicLong();
    private final Map<String, AtomicLong> rejected = new LinkedHashMap<>();
    private final Map<String, Long> newestEpoch = new ConcurrentHashMap<>();
    private final Map<String, GatewayStatus> gatewayStatus = new ConcurrentHashMap<>();
    private volatile Consumer<GatewayStatus> statusListener = s -> {};
    private final AtomicLong commandIds = new AtomicLong();

    /** Plain TCP, unsigned batches accepted (v0 behaviour). */
    public SyncReceiver(String brokerUrl, String clientId, Sink sink) {
        this(ReceiverConfig.plain(brokerUrl, clientId), sink);
    }

    public SyncReceiver(ReceiverConfig cfg, Sink sink) {
        this.cfg = cfg;
        this.sink = sink;
        for (String code : Reject.ALL) rejected.put(code, new AtomicLong());
        try {
            this.client = new MqttClient(cfg.brokerUrl(), cfg.clientId());
        } catch (MqttException e) {
            throw new IllegalArgumentException("receiver broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(), 16);
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                log.warn("platform: connection to {} lost: {}", cfg.brokerUrl(), SyncSender.reason(cause));
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Never block the MQTT reader thread: while it waits, nobody reads the socket, so the PUBACKs
                // of our own ack publishes never arrive and the worker stalls (a deadlock broken only by timeouts).
                // When the worker is this far behind, drop: the gateway resends unacknowledged batches anyway.
                if (!queue.offer(new Incoming(topic, message.getPayload()))) {
                    long n = overflow.incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        log.warn("platform: receiver queue full ({} messages): dropped {} so far; gateways will resend them", QUEUE, n);
                    }
                }
            }
        });
        worker = new Thread(this::loop, "sync-receiver");
        worker.setDaemon(true);
    }

    public void start() {
        running = true;
        worker.start();
    }

    public boolean connected() {
        return connected;
    }

    public ReceiverStats stats() {
        Map<String, Long> by = new LinkedHashMap<>();
        long sum = 0;
        for (Map.Entry<String, AtomicLong> e : rejected.entrySet()) {
            by.put(e.getKey(), e.getValue().get());
            sum += e.getValue().get();
        }
        return new ReceiverStats(batches.get(), stored.get(), duplicates.get(), sum, by, statusMessages.get());
    }

    /** The latest authentic status of {@code gateway} (birth, will, periodic), or null. */
    public GatewayStatus gatewayStatus(String gateway) {
        return gatewayStatus.get(gateway);
    }

    /** Called on the worker thread for every authentic status message (keep it short). */
    public void onStatus(Consumer<GatewayStatus> listener) {
        this.statusListener = listener == null ? s -> {} : listener;
    }

    /**
     * Gap repair: asks {@code gateway} to send (epoch, stream) again from {@code from} through at least {@code to}.
     * Lower the sink's watermark to {@code from - 1} first if the records are to be stored again (e.g. after
     * restoring the store from a backup); records at or below the watermark are acknowledged, not stored.
     * Returns the command id (echoed in the gateway's result status).
     */
    public String requestResend(String gateway, long epoch, String stream, long from, long to) throws MqttException {
        String id = "r" + System.currentTimeMillis() + "-" + commandIds.incrementAndGet();
        Command c = new Command(gateway, id, Command.RESEND, epoch, stream, from, to);
        MqttMessage m = new MqttMessage(SyncCodec.encode(c, cfg.keys().get(gateway)));
        m.setQos(1);
        client.publish(Topics.command(gateway), m);
        return id;
    }

    private void loop() {
        long backoff = 250;
        boolean failing = false;
        while (running) {
            if (!connected || !client.isConnected()) {
                connected = false;
                try {
                    client.connect(MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(), 256));
                    client.subscribe(new String[] {Topics.ALL_BATCHES, Topics.ALL_STATUS}, new int[] {1, 1});
                    connected = true;
                    backoff = 250;
                    failing = false;
                    log.info("platform: receiving batches on {} at {}", Topics.ALL_BATCHES, cfg.brokerUrl());
                } catch (MqttException | RuntimeException e) {
                    if (!failing) log.warn("platform: broker {} unreachable: {}; retrying", cfg.brokerUrl(), SyncSender.reason(e));
                    failing = true;
                    try {
                        if (client.isConnected()) client.disconnectForcibly(0, 500);
                    } catch (MqttException ignored) {
                        // already gone
                    }
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 5000);
                    continue;
                }
            }
            Incoming in;
            try {
                in = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (in != null) {
                try {
                    handle(in);
                } catch (RuntimeException e) {
                    reject(Reject.MALFORMED, null, null, 0, "internal error on " + in.topic() + ": " + e);
                }
            }
        }
    }

    /** Processes one message; package-private for tests (publishes acks only when connected). */
    void handle(Incoming in) {
        String statusGw = Topics.parseStatus(in.topic());
        if (statusGw != null) {
            handleStatus(statusGw, in.payload());
            return;
        }
        String[] gs = Topics.parseBatch(in.topic());
        if (gs == null) {
            reject(Reject.BAD_TOPIC, null, null, 0, "message on unexpected topic " + in.topic());
            return;
        }
        String gw = gs[0];
        byte[] key = cfg.keys().get(gw);
        if (key == null && !cfg.keys().isEmpty()) {
            reject(Reject.UNKNOWN_GATEWAY, gw, gs[1], 0, "no key configured for gateway " + gw);
            return;
        }
        Batch b;
        try {
            b = SyncCodec.decodeBatch(in.payload(), key, cfg.requireSigned() || key != null);
        } catch (SyncFormatException e) {
            reject(e.code(), gw, gs[1], 0, e.getMessage());
            return;
        }
        if (!b.gateway().equals(gw) || !b.stream().equals(gs[1])) {
            reject(Reject.TOPIC_MISMATCH, gw, gs[1], b.epoch(), "batch names gateway " + b.gateway() + " stream "
                    + b.stream() + " but came on topic " + in.topic());
            return;
        }
        try {
            String ek = gw + "/" + b.stream();
            Long newest = newestEpoch.get(ek);
            if (newest == null) {
                newest = sink.newestEpoch(gw, b.stream());
                newestEpoch.put(ek, newest);
            }
            if (b.epoch() < newest) {
                reject(Reject.OLD_EPOCH, gw, b.stream(), b.epoch(), "epoch " + b.epoch() + " is older than epoch "
                        + newest + " already received from " + gw + "/" + b.stream());
                return;
            }
            batches.incrementAndGet();
            long w = sink.committedThrough(b.gateway(), b.epoch(), b.stream());
            boolean lanes = sink.supportsLive();
            long[] lr = lanes ? sink.liveRange(b.gateway(), b.epoch(), b.stream()) : null;
            long la = lr == null ? 0 : lr[0], lt = lr == null ? 0 : lr[1];
            if (la != 0 && la <= w) { // a range the watermark already reached (not written by this receiver)
                w = Math.max(w, lt);
                la = lt = 0;
            }
            if (b.prev() <= w) {
                // rules 2 and 4 of PROTOCOL.md 6: the batch follows the watermark
                if (b.last() <= w) {
                    duplicates.addAndGet(b.records().size());
                    publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null, null, la, lt));
                    return;
                }
                List<SyncRecord> fresh = new ArrayList<>(b.records().size());
                for (SyncRecord r : b.records()) if (r.seq() > w && (r.seq() <= la || r.seq() > lt)) fresh.add(r);
                long nw = b.last();
                if (la != 0 && nw >= la) { // the backlog reached the live range: they merge
                    nw = Math.max(nw, lt);
                    la = lt = 0;
                }
                commit(b, fresh, nw, la, lt, lanes);
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), nw, Ack.OK, null, null, la, lt));
                return;
            }
            if (!b.live()) {
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP,
                        "batch follows seq " + b.prev() + " but the store holds through " + w, null, la, lt));
                return;
            }
            if (!lanes) {
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP, "live batch after seq " + b.prev()
                        + ": this platform stores the stream in order only; the store holds through " + w, Ack.LIVE_UNSUPPORTED));
                return;
            }
            if (la == 0) { // rule 6.1: a live batch opens the live range
                commit(b, b.records(), w, b.prev(), b.last(), true);
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null, null, b.prev(), b.last()));
                return;
            }
            if (b.prev() < la || b.prev() > lt) {
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.GAP, "live batch follows seq " + b.prev()
                        + " but the live range is (" + la + ", " + lt + "]", null, la, lt));
                return;
            }
            if (b.last() <= lt) {
                duplicates.addAndGet(b.records().size());
                publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null, null, la, lt));
                return;
            }
            List<SyncRecord> fresh = new ArrayList<>(b.records().size());
            for (SyncRecord r : b.records()) if (r.seq() > lt) fresh.add(r);
            commit(b, fresh, w, la, b.last(), true);
            publishAck(new Ack(b.gateway(), b.epoch(), b.stream(), w, Ack.OK, null, null, la, b.last()));
        } catch (Exception e) {
            // Not acknowledged: the gateway keeps the records and resends after its ack timeout.
            log.error("platform: store failed for {} {} seq {}..{}: {}", b.gateway(), b.stream(), b.first(), b.last(), e.toString());
        }
    }

    private void commit(Batch b, List<SyncRecord> fresh, long watermark, long liveAfter, long liveThrough, boolean lanes) throws Exception {
        if (lanes) sink.commit(b, fresh, watermark, liveAfter, liveThrough);
        else sink.commit(b, fresh, watermark);
        newestEpoch.merge(b.gateway() + "/" + b.stream(), b.epoch(), Math::max);
        stored.addAndGet(fresh.size());
        duplicates.addAndGet(b.records().size() - fresh.size());
    }

    private void handleStatus(String gw, byte[] payload) {
        if (payload == null || payload.length == 0) return; // a cleared retained message
        byte[] key = cfg.keys().get(gw);
        if (key == null && !cfg.keys().isEmpty()) {
            reject(Reject.UNKNOWN_GATEWAY, null, null, 0, "status from gateway " + gw + " without a configured key");
            return;
        }
        try {
            GatewayStatus s = SyncCodec.decodeStatus(payload, key, cfg.requireSigned() || key != null);
            if (!s.gateway().equals(gw)) {
                reject(Reject.TOPIC_MISMATCH, null, null, 0, "status names gateway " + s.gateway() + " on the topic of " + gw);
                return;
            }
            statusMessages.incrementAndGet();
            gatewayStatus.put(gw, s);
            statusListener.accept(s);
        } catch (SyncFormatException e) {
            reject(e.code(), null, null, 0, "status of " + gw + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.warn("platform: status listener failed: {}", e.toString());
        }
    }

    private void reject(String code, String gateway, String stream, long epoch, String why) {
        long n = rejected.computeIfAbsent(code, k -> new AtomicLong()).incrementAndGet();
        if (n <= 20 || n % 1000 == 0) log.warn("platform: rejected ({}, #{} of this reason) {}", code, n, why);
        if (gateway != null && stream != null) {
            publishAck(new Ack(gateway, epoch, stream, 0, Ack.REJECTED, why.length() > 1000 ? why.substring(0, 1000) : why, code));
        }
    }

    /** Sees every ack the receiver decides on, sent or not (tests). */
    volatile Consumer<Ack> ackTap = a -> {};

    private void publishAck(Ack a) {
        ackTap.accept(a);
        if (!connected) return;
        try {
            MqttMessage m = new MqttMessage(SyncCodec.encode(a, cfg.keys().get(a.gateway())));
            m.setQos(1);
            client.publish(Topics.ack(a.gateway()), m);
        } catch (MqttException | RuntimeException e) {
            log.debug("platform: ack to {} not sent ({}); the gateway will resend", a.gateway(), e.toString());
        }
    }

    private void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        worker.interrupt();
        try {
            worker.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) client.disconnect(1000);
        } catch (MqttException e) {
            try {
                client.disconnectForcibly(0, 500);
            } catch (MqttException ignored) {
                // gone
            }
        }
        client.close();
    }
}
