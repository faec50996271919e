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
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The MQTT transport around a {@link ReceiverCore}: subscribes to every gateway's batches and status (optionally
 * as a shared subscription, so several receivers split the load), hands each message to the core on a worker
 * chosen by gateway (one gateway, one worker: per-stream order) and publishes the core's acks. The MQTT reader
 * thread never blocks: a full worker queue drops the message (the gateway resends). Lifecycle: {@link #start()}
 * once, {@link #close()} once.
 */
public final class SyncReceiver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyncReceiver.class);
    private static final int QUEUE = 10_000;

    private record Incoming(String topic, byte[] payload, long arrived) {}

    /** Longest hold-back of a batch ahead of the store, however deep the queues are. */
    static final long MAX_HOLD_BACK_NANOS = 5_000_000_000L;

    private final ReceiverConfig cfg;
    private final ReceiverCore core;
    private final MqttClient client;
    private final List<BlockingQueue<Incoming>> queues = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final Thread connector;
    private final AtomicLong overflow = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private volatile boolean running;
    private volatile boolean connected;

    public SyncReceiver(ReceiverConfig cfg, Sink sink) {
        this.cfg = cfg;
        this.core = new ReceiverCore(cfg.keys(), sink, cfg.gapHoldBack());
        try {
            this.client = new MqttClient(cfg.brokerUrl(), cfg.clientId());
        } catch (MqttException e) {
            throw new IllegalArgumentException("receiver broker '" + cfg.brokerUrl() + "': " + e.getMessage(), e);
        }
        MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(), 16); // checks the TLS files now
        client.setTimeToWait(5000);
        client.setMaxIncomingBytes(cfg.maxMessageBytes());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                connected = false;
                disconnects.incrementAndGet();
                log.warn("platform: connection to {} lost: {}", cfg.brokerUrl(), SyncSender.reason(cause));
            }

            @Override
            public void messageOversized(String topic, int bytes) {
                core.oversized(topic, bytes); // counted and logged (rate-limited) by the core; nothing to answer
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                // Never block the MQTT reader thread: while it waits nobody reads the socket, so the PUBACKs of our
                // own ack publishes never arrive and the workers stall. Drop instead: the gateway resends.
                if (!queues.get(workerOf(topic)).offer(new Incoming(topic, message.getPayload(), System.nanoTime()))) {
                    long n = overflow.incrementAndGet();
                    if (n == 1 || n % 1000 == 0) {
                        log.warn("platform: receiver queue full ({} messages): dropped {} so far; gateways will resend them", QUEUE, n);
                    }
                }
            }
        });
        for (int i = 0; i < cfg.workers(); i++) {
            BlockingQueue<Incoming> q = new ArrayBlockingQueue<>(QUEUE);
            queues.add(q);
            Thread t = new Thread(() -> work(q), "sync-receiver-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
        connector = new Thread(this::connectLoop, "sync-receiver-connect");
        connector.setDaemon(true);
    }

    private int workerOf(String topic) {
        String gw = topic.length() > Topics.PREFIX.length() ? topic.substring(Topics.PREFIX.length()).split("/", 2)[0] : topic;
        return Math.floorMod(gw.hashCode(), queues.size());
    }

    public void start() {
        running = true;
        connector.start();
        workers.forEach(Thread::start);
    }

    public boolean connected() {
        return connected;
    }

    /** The transport-independent core (stats, listeners). */
    public ReceiverCore core() {
        return core;
    }

    public ReceiverStats stats() {
        return core.stats();
    }

    /** Messages dropped because a worker queue was full (the gateways resend them). */
    public long dropped() {
        return overflow.get();
    }

    /** Broker connections lost since start (not counting {@link #close()}). */
    public long disconnects() {
        return disconnects.get();
    }

    /** The latest authentic status of {@code gateway} (birth, will, periodic), or null. */
    public GatewayStatus gatewayStatus(String gateway) {
        return core.gatewayStatus(gateway);
    }

    /** Called on a worker thread for every authentic status message (keep it short). */
    public void onStatus(Consumer<GatewayStatus> listener) {
        core.onStatus(listener);
    }

    /** Gap repair (see {@link ReceiverCore#resendCommand}); returns the command id (echoed in the gateway's result). */
    public String requestResend(String gateway, long epoch, String stream, long from, long to) throws MqttException {
        return publish(core.resendCommand(gateway, epoch, stream, from, to));
    }

    /**
     * Pushes {@code yaml} as {@code gateway}'s config (signed with its key): the gateway validates it, applies it,
     * rolls it back if devices stop answering, and says which in a result status; returns the command id.
     */
    public String pushConfig(String gateway, String yaml) throws MqttException {
        if (yaml.length() > Command.MAX_BODY) {
            throw new IllegalArgumentException("config of " + yaml.length() + " characters: a command carries at most " + Command.MAX_BODY);
        }
        return publish(core.configCommand(gateway, yaml));
    }

    private String publish(Command c) throws MqttException {
        ReceiverCore.Reply r = core.encode(c);
        MqttMessage m = new MqttMessage(r.payload());
        m.setQos(1);
        client.publish(r.topic(), m);
        return c.id();
    }

    private void connectLoop() {
        long backoff = 250;
        boolean failing = false;
        long downSince = 0, attempts = 0; // one line when the broker goes, one (with these counts) when it is back
        while (running) {
            if (connected && client.isConnected()) {
                pause(200);
                continue;
            }
            connected = false;
            if (downSince == 0) downSince = System.nanoTime();
            attempts++;
            try {
                client.connect(MqttSupport.options(cfg.brokerUrl(), cfg.username(), cfg.password(), cfg.tls(), 256));
                int[] qos = new int[cfg.filters().length];
                java.util.Arrays.fill(qos, 1);
                client.subscribe(cfg.filters(), qos);
                announceOnline();
                connected = true;
                backoff = 250;
                failing = false;
                if (disconnects.get() == 0 && attempts == 1) {
                    log.info("platform: receiving {} at {} ({} workers)", String.join(", ", cfg.filters()), cfg.brokerUrl(), cfg.workers());
                } else {
                    log.info("platform: receiving again at {} after {} s ({} connection attempts, {} messages dropped so far)",
                            cfg.brokerUrl(), (System.nanoTime() - downSince) / 1_000_000_000L, attempts, overflow.get());
                }
                downSince = 0;
                attempts = 0;
            } catch (MqttException | RuntimeException e) {
                if (!failing) log.warn("platform: broker {} unreachable: {}; retrying", cfg.brokerUrl(), SyncSender.reason(e));
                failing = true;
                try {
                    if (client.isConnected()) client.disconnectForcibly(0, 500);
                } catch (MqttException ignored) {
                    // already gone
                }
                pause(backoff);
                backoff = Math.min(backoff * 2, 1000); // back within a second of the broker's return
            }
        }
    }

    /** A batch ahead of the store, retried at {@code due} until {@code deadline} (then answered gap). */
    private record Deferred(Incoming in, long due, long deadline, long step) {}

    /**
     * Tells the gateways that batches published while this receiver was away were lost to the broker, so they
     * resend at once instead of waiting out their ack timeout (PROTOCOL.md 2, platform online).
     */
    private void announceOnline() {
        try {
            MqttMessage m = new MqttMessage(cfg.clientId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            m.setQos(1);
            client.publishAsync(Topics.PLATFORM_ONLINE, m);
        } catch (MqttException e) {
            log.debug("platform: online announcement: {}", e.getMessage());
        }
    }

    private void work(BlockingQueue<Incoming> q) {
        // Batches that overtook their predecessor (another receiver holds it) wait here, not in the worker: the worker
        // goes on with its other gateways and retries them with growing delays until the hold-back has passed.
        java.util.PriorityQueue<Deferred> later = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Deferred::due));
        Held held = new Held();
        long holdBack = cfg.gapHoldBack().toNanos();
        while (running) {
            long now = System.nanoTime();
            while (!later.isEmpty() && later.peek().due() <= now) {
                Deferred d = later.poll();
                boolean last = now >= d.deadline();
                run(d.in(), last ? ReceiverCore.Mode.NOW_RETRY : ReceiverCore.Mode.DEFER_RETRY, later, d.deadline(), d.step() * 2,
                        held, !q.isEmpty());
            }
            long waitMs = later.isEmpty() ? 200 : Math.max(1, (later.peek().due() - System.nanoTime()) / 1_000_000);
            Incoming in;
            try {
                in = q.poll(Math.min(200, waitMs), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (in != null) {
                // the predecessor of a batch ahead of the store sits in another instance's queue, about as deep as ours:
                // hold back at least twice what this one waited (a saturated machine), else the gap answer costs a resend
                long start = System.nanoTime();
                long hold = holdBack == 0 ? 0 : Math.min(MAX_HOLD_BACK_NANOS, Math.max(holdBack, 2 * (start - in.arrived())));
                run(in, holdBack > 0 ? ReceiverCore.Mode.DEFER : ReceiverCore.Mode.NOW, later, start + hold, 10_000_000L,
                        held, !q.isEmpty());
            }
        }
    }

    private void run(Incoming in, ReceiverCore.Mode mode, java.util.PriorityQueue<Deferred> later, long deadline, long step,
                     Held held, boolean more) {
        ReceiverCore.Outcome outcome = core.handle(in.topic(), in.payload(), mode);
        if (outcome.deferred()) {
            later.add(new Deferred(in, Math.min(deadline, System.nanoTime() + step), deadline, step));
        } else {
            for (ReceiverCore.Reply r : outcome.replies()) {
                if (r.coalesce() != null) {
                    if (held.acks.isEmpty()) held.since = System.nanoTime();
                    held.acks.put(r.coalesce(), r); // a later ok ack of the same stream replaces it (cumulative acks)
                    continue;
                }
                String key = ackKey(in.topic());
                ReceiverCore.Reply before = key == null ? null : held.acks.remove(key);
                if (before != null) publish(before); // keep the order of a stream's answers
                publish(r);
            }
        }
        // bounded delay: a busy queue of other gateways must not starve a held ack
        if (!held.acks.isEmpty() && (!more || held.acks.size() >= 64 || System.nanoTime() - held.since > 20_000_000L)) flush(held);
    }

    /** Ok acks a worker holds while more messages wait: one ack answers a run of a stream's batches. */
    private static final class Held {
        final java.util.Map<String, ReceiverCore.Reply> acks = new java.util.LinkedHashMap<>();
        long since;
    }

    /** The coalescing key of a reply to a batch on {@code batchTopic} (gateway/stream), or null. */
    private static String ackKey(String batchTopic) {
        String[] gs = Topics.parseBatch(batchTopic);
        return gs == null ? null : gs[0] + "/" + gs[1];
    }

    private void flush(Held held) {
        for (ReceiverCore.Reply r : held.acks.values()) publish(r);
        held.acks.clear();
    }

    private void publish(ReceiverCore.Reply r) {
        if (!connected) return;
        try {
            MqttMessage m = new MqttMessage(r.payload());
            m.setQos(r.qos());
            client.publish(r.topic(), m);
        } catch (MqttException | RuntimeException e) {
            log.debug("platform: reply on {} not sent ({}); the gateway will resend", r.topic(), e.toString());
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
        connector.interrupt();
        workers.forEach(Thread::interrupt);
        try {
            connector.join(5000);
            for (Thread t : workers) t.join(5000);
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
